package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes Chrome for iOS's {@code Favicons} database (Chromium favicon schema version 8, Chrome
 * 100-125): meta, favicons, favicon_bitmaps, icon_mapping.
 */
public final class ChromeFaviconsDb extends SqliteFile {
    public static final String PATH = ChromeHistoryDb.APP + "Library/Application Support/Google/Chrome/Default/Favicons";

    public ChromeFaviconsDb() {
        super("CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)",
                "CREATE TABLE icon_mapping(id INTEGER PRIMARY KEY, page_url LONGVARCHAR NOT NULL, icon_id INTEGER, page_url_type INTEGER DEFAULT 0)",
                "CREATE TABLE favicons(id INTEGER PRIMARY KEY, url LONGVARCHAR NOT NULL, icon_type INTEGER DEFAULT 1)",
                "CREATE TABLE favicon_bitmaps(id INTEGER PRIMARY KEY, icon_id INTEGER NOT NULL, last_updated INTEGER DEFAULT 0, image_data BLOB, "
                        + "width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, last_requested INTEGER DEFAULT 0)");
        insert("INSERT INTO meta VALUES ('version', '8')");
    }

    public void favicon(String pageUrl, String iconUrl, Instant updated) {
        long icon = insert("INSERT INTO favicons (url, icon_type) VALUES (?, 1)", iconUrl);
        insert("INSERT INTO favicon_bitmaps (icon_id, last_updated, image_data, width, height, last_requested) VALUES (?, ?, X'89504E470D0A1A0A', 16, 16, 0)",
                icon, webkitMicros(updated));
        insert("INSERT INTO icon_mapping (page_url, icon_id) VALUES (?, ?)", pageUrl, icon);
    }

    /** Demo: an ordinary favicon and one of a Cytrox/Predator page. */
    public static void plantDemo(IosFiles fs) {
        ChromeFaviconsDb db = new ChromeFaviconsDb();
        db.favicon("https://www.google.com/search?q=weather", "https://www.google.com/favicon.ico", Instant.parse("2023-05-19T06:30:01Z"));
        db.favicon("https://mobnetlink1.com/l/8812", "https://mobnetlink1.com/favicon.ico", Instant.parse("2023-05-19T06:31:11Z"));
        fs.put(PATH, db.bytes());
    }
}
