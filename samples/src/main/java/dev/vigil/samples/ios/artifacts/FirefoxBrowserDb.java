package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes Firefox for iOS's legacy {@code browser.db} (browser schema of Firefox iOS 20-100):
 * domains, history, visits (dates in microseconds since 1970), favicons (dates in
 * milliseconds), favicon_sites.
 */
public final class FirefoxBrowserDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Containers/Shared/AppGroup/3E4F5A6B-7C8D-4E9F-A0B1-C2D3E4F5A6B7/profile.profile/browser.db";

    public FirefoxBrowserDb() {
        super("CREATE TABLE domains (id INTEGER PRIMARY KEY AUTOINCREMENT, domain TEXT NOT NULL UNIQUE, showOnTopSites TINYINT NOT NULL DEFAULT 1)",
                "CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, url TEXT UNIQUE, title TEXT NOT NULL, "
                        + "server_modified INTEGER, local_modified INTEGER, is_deleted TINYINT NOT NULL, should_upload TINYINT NOT NULL, "
                        + "domain_id INTEGER REFERENCES domains(id) ON DELETE CASCADE, CONSTRAINT urlOrDeleted CHECK (url IS NOT NULL OR is_deleted = 1))",
                "CREATE TABLE visits (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE, "
                        + "date REAL NOT NULL, type INTEGER NOT NULL, is_local TINYINT NOT NULL, UNIQUE (siteID, date, type))",
                "CREATE TABLE favicons (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, width INTEGER, height INTEGER, type INTEGER NOT NULL, date REAL NOT NULL)",
                "CREATE TABLE favicon_sites (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE, "
                        + "faviconID INTEGER NOT NULL REFERENCES favicons(id) ON DELETE CASCADE, UNIQUE (siteID, faviconID))");
    }

    /** A visit (type 1 link, 2 typed); returns the history id of the URL. */
    public long visit(String url, String title, Instant date, int type) {
        String host = java.net.URI.create(url).getHost();
        insert("INSERT OR IGNORE INTO domains (domain) VALUES (?)", host);
        long domain = queryLong("SELECT id FROM domains WHERE domain = ?", host);
        insert("INSERT OR IGNORE INTO history (guid, url, title, local_modified, is_deleted, should_upload, domain_id) VALUES (?, ?, ?, ?, 0, 1, ?)",
                java.util.UUID.nameUUIDFromBytes(url.getBytes()).toString().substring(0, 12), url, title, date.toEpochMilli(), domain);
        long site = queryLong("SELECT id FROM history WHERE url = ?", url);
        insert("INSERT INTO visits (siteID, date, type, is_local) VALUES (?, ?, ?, 1)", site, (double) (date.getEpochSecond() * 1_000_000L + date.getNano() / 1000), type);
        return site;
    }

    public void favicon(long site, String iconUrl, Instant date) {
        long icon = insert("INSERT INTO favicons (url, width, height, type, date) VALUES (?, 32, 32, 1, ?)", iconUrl, (double) date.toEpochMilli());
        insert("INSERT INTO favicon_sites (siteID, faviconID) VALUES (?, ?)", site, icon);
    }

    /** Demo: an ordinary visit and a visit, with favicon, to a Pegasus domain (Amnesty 2021). */
    public static void plantDemo(IosFiles fs) {
        FirefoxBrowserDb db = new FirefoxBrowserDb();
        long wiki = db.visit("https://en.wikipedia.org/wiki/Zurich", "Zürich - Wikipedia", Instant.parse("2023-05-21T19:00:00Z"), 2);
        db.favicon(wiki, "https://en.wikipedia.org/static/favicon/wikipedia.ico", Instant.parse("2023-05-21T19:00:01Z"));
        long bad = db.visit("https://tookcheckout.com/order/5521", "Order", Instant.parse("2023-05-21T19:05:00Z"), 1);
        db.favicon(bad, "https://tookcheckout.com/favicon.ico", Instant.parse("2023-05-21T19:05:01Z"));
        fs.put(PATH, db.bytes());
        ContainerMetadata.put(fs, PATH.substring(0, PATH.indexOf("profile.profile/")), "group.org.mozilla.ios.Firefox");
    }
}
