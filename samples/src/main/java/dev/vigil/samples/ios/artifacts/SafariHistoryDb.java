package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes Safari's {@code History.db}: history_items, history_visits (with redirect_source /
 * redirect_destination), history_tombstones, metadata, with the columns of iOS 15-17.
 */
public final class SafariHistoryDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/Safari/History.db";

    public SafariHistoryDb() {
        super("CREATE TABLE history_items (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, domain_expansion TEXT NULL, "
                        + "visit_count INTEGER NOT NULL, daily_visit_counts BLOB NOT NULL, weekly_visit_counts BLOB NULL, "
                        + "autocomplete_triggers BLOB NULL, should_recompute_derived_visit_counts INTEGER NOT NULL, visit_count_score INTEGER NOT NULL, "
                        + "status_code INTEGER NOT NULL DEFAULT 0)",
                "CREATE TABLE history_visits (id INTEGER PRIMARY KEY AUTOINCREMENT, history_item INTEGER NOT NULL REFERENCES history_items(id) ON DELETE CASCADE, "
                        + "visit_time REAL NOT NULL, title TEXT NULL, load_successful BOOLEAN NOT NULL DEFAULT 1, http_non_get BOOLEAN NOT NULL DEFAULT 0, "
                        + "synthesized BOOLEAN NOT NULL DEFAULT 0, redirect_source INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE, "
                        + "redirect_destination INTEGER NULL UNIQUE REFERENCES history_visits(id) ON DELETE CASCADE, origin INTEGER NOT NULL DEFAULT 0, "
                        + "generation INTEGER NOT NULL DEFAULT 0, attributes INTEGER NOT NULL DEFAULT 0, score INTEGER NOT NULL DEFAULT 0)",
                "CREATE TABLE history_tombstones (id INTEGER PRIMARY KEY AUTOINCREMENT, start_time REAL NOT NULL, end_time REAL NOT NULL, url TEXT, generation INTEGER NOT NULL DEFAULT 0)",
                "CREATE TABLE metadata (key TEXT NOT NULL UNIQUE, value)");
    }

    /** A visit; returns its id. */
    public long visit(String url, Instant time, String title) {
        insert("INSERT OR IGNORE INTO history_items (url, visit_count, daily_visit_counts, should_recompute_derived_visit_counts, visit_count_score) "
                + "VALUES (?, 0, X'', 0, 100)", url);
        insert("UPDATE history_items SET visit_count = visit_count + 1 WHERE url = ?", url);
        long item = queryLong("SELECT id FROM history_items WHERE url = ?", url);
        return insert("INSERT INTO history_visits (history_item, visit_time, title) VALUES (?, ?, ?)", item, cocoa(time), title);
    }

    /** Marks visit {@code from} as redirected to visit {@code to}. */
    public void redirect(long from, long to) {
        exec("UPDATE history_visits SET redirect_destination = " + to + " WHERE id = " + from);
        exec("UPDATE history_visits SET redirect_source = " + from + " WHERE id = " + to);
    }

    /** Demo history: ordinary browsing and a shortener that bounced, within a second, to a Predator domain. */
    public static void plantDemo(IosFiles fs) {
        plantDemo(fs, db -> {});
    }

    /** {@link #plantDemo(IosFiles)} with {@code more} visits added by the caller (benchmarks fill in bulk). */
    public static void plantDemo(IosFiles fs, java.util.function.Consumer<SafariHistoryDb> more) {
        SafariHistoryDb db = new SafariHistoryDb();
        db.visit("https://www.srf.ch/news", Instant.parse("2023-05-18T06:45:00Z"), "News - SRF");
        Instant t = Instant.parse("2023-05-18T07:02:11Z");
        long a = db.visit("https://bit.ly/3kXq9Zt", t, null);
        long b = db.visit("https://md-news-direct.com/2023/05/article.html", t.plusMillis(850), "Loading...");
        db.redirect(a, b);
        db.visit("https://www.srf.ch/sport", Instant.parse("2023-05-18T07:10:00Z"), "Sport - SRF");
        more.accept(db);
        fs.put(PATH, db.bytes());
    }
}
