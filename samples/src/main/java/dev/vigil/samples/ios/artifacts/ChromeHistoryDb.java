package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes Chrome for iOS's {@code History} database (Chromium history schema version 6x, as
 * shipped by Chrome 110-125 on iOS 15-17): meta, urls, visits, keyword_search_terms,
 * segments. Times are microseconds since 1601.
 */
public final class ChromeHistoryDb extends SqliteFile {
    public static final String APP = "private/var/mobile/Containers/Data/Application/9C1D2E3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F/";
    public static final String PATH = APP + "Library/Application Support/Google/Chrome/Default/History";
    /** Chromium page transitions. */
    public static final long LINK = 0, TYPED = 1, CHAIN_START = 0x10000000L, CHAIN_END = 0x20000000L, SERVER_REDIRECT = 0x80000000L;

    public ChromeHistoryDb() {
        super("CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)",
                "CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER DEFAULT 0 NOT NULL, "
                        + "typed_count INTEGER DEFAULT 0 NOT NULL, last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL)",
                "CREATE TABLE visits(id INTEGER PRIMARY KEY AUTOINCREMENT, url INTEGER NOT NULL, visit_time INTEGER NOT NULL, from_visit INTEGER, "
                        + "external_referrer_url TEXT, transition INTEGER DEFAULT 0 NOT NULL, segment_id INTEGER, visit_duration INTEGER DEFAULT 0 NOT NULL, "
                        + "incremented_omnibox_typed_score BOOLEAN DEFAULT FALSE NOT NULL, opener_visit INTEGER, originator_cache_guid TEXT, "
                        + "originator_visit_id INTEGER, originator_from_visit INTEGER, originator_opener_visit INTEGER, is_known_to_sync BOOLEAN DEFAULT FALSE NOT NULL, "
                        + "consider_for_ntp_most_visited BOOLEAN DEFAULT FALSE NOT NULL, visited_link_id INTEGER DEFAULT 0 NOT NULL, app_id TEXT)",
                "CREATE TABLE keyword_search_terms (keyword_id INTEGER NOT NULL, url_id INTEGER NOT NULL, term LONGVARCHAR NOT NULL, normalized_term LONGVARCHAR NOT NULL)",
                "CREATE TABLE segments (id INTEGER PRIMARY KEY, name VARCHAR, url_id INTEGER NON NULL)");
        insert("INSERT INTO meta VALUES ('version', '67')");
    }

    /** A visit; {@code fromVisit} 0 when none. Returns the visit id. */
    public long visit(String url, String title, Instant time, long transition, long fromVisit) {
        insert("INSERT OR IGNORE INTO urls (url, title, visit_count, typed_count, last_visit_time) VALUES (?, ?, 0, 0, ?)", url, title, webkitMicros(time));
        insert("UPDATE urls SET visit_count = visit_count + 1, last_visit_time = ? WHERE url = ?", webkitMicros(time), url);
        long urlId = queryLong("SELECT id FROM urls WHERE url = ?", url);
        return insert("INSERT INTO visits (url, visit_time, from_visit, transition, visit_duration) VALUES (?, ?, ?, ?, 0)", urlId, webkitMicros(time), fromVisit, transition);
    }

    /** Demo: a search, then a t.co link that the server redirected in 400 ms to a Cytrox/Predator domain. */
    public static void plantDemo(IosFiles fs) {
        ChromeHistoryDb db = new ChromeHistoryDb();
        db.visit("https://www.google.com/search?q=weather", "weather - Google Search", Instant.parse("2023-05-19T06:30:00Z"), TYPED, 0);
        Instant t = Instant.parse("2023-05-19T06:31:10Z");
        long a = db.visit("https://t.co/Xk29aLq", null, t, LINK | CHAIN_START, 0);
        db.visit("https://updete.xyz/s/7f3a", "", t.plusMillis(400), LINK | SERVER_REDIRECT | CHAIN_END, a);
        fs.put(PATH, db.bytes());
        ContainerMetadata.put(fs, APP, "com.google.chrome.ios");
    }
}
