package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes Firefox for iOS's {@code places.db} (application-services places schema used by Firefox
 * iOS 100+ on iOS 15-17): moz_places and moz_historyvisits (visit_date in milliseconds since
 * 1970), moz_origins, moz_meta.
 */
public final class FirefoxPlacesDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Containers/Shared/AppGroup/3E4F5A6B-7C8D-4E9F-A0B1-C2D3E4F5A6B7/profile.profile/places.db";

    public FirefoxPlacesDb() {
        super("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR NOT NULL, title LONGVARCHAR, description TEXT, preview_image_url TEXT, "
                        + "url_hash INTEGER NOT NULL DEFAULT 0, visit_count_local INTEGER NOT NULL DEFAULT 0, visit_count_remote INTEGER NOT NULL DEFAULT 0, "
                        + "last_visit_date_local INTEGER NOT NULL DEFAULT 0, last_visit_date_remote INTEGER NOT NULL DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL, "
                        + "typed INTEGER NOT NULL DEFAULT 0, frecency INTEGER NOT NULL DEFAULT -1, origin_id INTEGER, guid TEXT NOT NULL UNIQUE, "
                        + "sync_status INTEGER NOT NULL DEFAULT 1, sync_change_counter INTEGER NOT NULL DEFAULT 0, unknown_fields TEXT)",
                "CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, is_local INTEGER NOT NULL, from_visit INTEGER, place_id INTEGER NOT NULL, "
                        + "visit_date INTEGER NOT NULL, visit_type INTEGER NOT NULL, unknown_fields TEXT)",
                "CREATE TABLE moz_origins (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, host TEXT NOT NULL, rev_host TEXT NOT NULL, frecency INTEGER NOT NULL)",
                "CREATE TABLE moz_meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID");
    }

    /** A visit (visit_type 1 link, 2 typed, 5 permanent redirect source...); returns its id. */
    public long visit(String url, String title, Instant date, int type, long fromVisit) {
        insert("INSERT OR IGNORE INTO moz_places (url, title, guid, last_visit_date_local) VALUES (?, ?, ?, ?)",
                url, title, java.util.UUID.nameUUIDFromBytes(url.getBytes()).toString().substring(0, 12), date.toEpochMilli());
        insert("UPDATE moz_places SET visit_count_local = visit_count_local + 1 WHERE url = ?", url);
        long place = queryLong("SELECT id FROM moz_places WHERE url = ?", url);
        return insert("INSERT INTO moz_historyvisits (is_local, from_visit, place_id, visit_date, visit_type) VALUES (1, ?, ?, ?, ?)",
                fromVisit == 0 ? null : fromVisit, place, date.toEpochMilli(), type);
    }

    /** Demo: an ordinary visit and one to a Pegasus domain (Amnesty 2021). */
    public static void plantDemo(IosFiles fs) {
        FirefoxPlacesDb db = new FirefoxPlacesDb();
        long a = db.visit("https://www.mozilla.org/en-US/firefox/", "Firefox", Instant.parse("2023-05-24T08:00:00Z"), 2, 0);
        db.visit("https://pincattape.com/p/0192", "", Instant.parse("2023-05-24T08:00:03.250Z"), 1, a);
        fs.put(PATH, db.bytes());
    }
}
