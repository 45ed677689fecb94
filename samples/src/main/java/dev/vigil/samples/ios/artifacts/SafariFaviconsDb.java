package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes Safari's {@code Favicons.db} (Library/Image Cache/Favicons) as on iOS 14-17: icon_info,
 * page_url, rejected_resources, cache_settings.
 */
public final class SafariFaviconsDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/Image Cache/Favicons/Favicons.db";

    public SafariFaviconsDb() {
        super("CREATE TABLE icon_info (uuid TEXT NOT NULL UNIQUE, url TEXT NOT NULL, timestamp REAL NOT NULL, width REAL NOT NULL, "
                        + "height REAL NOT NULL, has_generated_representations INTEGER DEFAULT 0)",
                "CREATE TABLE page_url (uuid TEXT NOT NULL, url TEXT NOT NULL UNIQUE)",
                "CREATE TABLE rejected_resources (page_url TEXT NOT NULL UNIQUE, icon_url TEXT NULL, timestamp REAL NOT NULL)",
                "CREATE TABLE cache_settings (key TEXT NOT NULL UNIQUE, value)");
    }

    public void icon(String pageUrl, String iconUrl, Instant time) {
        String uuid = java.util.UUID.nameUUIDFromBytes(iconUrl.getBytes()).toString().toUpperCase();
        insert("INSERT OR IGNORE INTO icon_info (uuid, url, timestamp, width, height) VALUES (?, ?, ?, 32, 32)", uuid, iconUrl, cocoa(time));
        insert("INSERT INTO page_url (uuid, url) VALUES (?, ?)", uuid, pageUrl);
    }

    public void rejected(String pageUrl, String iconUrl, Instant time) {
        insert("INSERT INTO rejected_resources (page_url, icon_url, timestamp) VALUES (?, ?, ?)", pageUrl, iconUrl, cocoa(time));
    }

    /** Demo: an ordinary favicon and one of a QuaDream (KingsPawn) domain, plus a rejected icon. */
    public static void plantDemo(IosFiles fs) {
        SafariFaviconsDb db = new SafariFaviconsDb();
        db.icon("https://www.srf.ch/news", "https://www.srf.ch/favicon.ico", Instant.parse("2023-05-18T06:45:01Z"));
        db.icon("https://wikipedoptions.com/article/2291", "https://wikipedoptions.com/favicon.ico", Instant.parse("2023-02-03T22:14:00Z"));
        db.rejected("https://www.srf.ch/sport", null, Instant.parse("2023-05-18T07:10:01Z"));
        fs.put(PATH, db.bytes());
    }
}
