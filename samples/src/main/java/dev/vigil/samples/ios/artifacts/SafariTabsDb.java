package dev.vigil.samples.ios.artifacts;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import dev.vigil.samples.ios.IosFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Writes Safari's {@code SafariTabs.db}, which replaced BrowserState.db in iOS 16 (also iOS 17):
 * the {@code bookmarks} table holds tab groups (type 1) and tabs (type 0, with url), each tab
 * with an {@code extra_attributes} binary plist (LocalURL, LocalTitle, DateLastViewed,
 * com.apple.Bookmark.DateAdded) and a {@code local_attributes} binary plist (LastVisitTime,
 * OpenedFromLink, SessionState = 4-byte version + SessionHistory plist, TabIndex, version).
 */
public final class SafariTabsDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/Safari/SafariTabs.db";

    private final long group;

    public SafariTabsDb() {
        super("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY AUTOINCREMENT, special_id INTEGER DEFAULT 0, parent INTEGER, type INTEGER, "
                        + "title TEXT, url TEXT COLLATE NOCASE, num_children INTEGER DEFAULT 0, editable INTEGER DEFAULT 1, deletable INTEGER DEFAULT 1, "
                        + "hidden INTEGER DEFAULT 0, hidden_ancestor_count INTEGER DEFAULT 0, order_index INTEGER NOT NULL, external_uuid TEXT, "
                        + "read INTEGER DEFAULT NULL, last_modified REAL DEFAULT NULL, server_id TEXT, sync_key TEXT, sync_data BLOB, "
                        + "added INTEGER DEFAULT 1, deleted INTEGER DEFAULT 0, extra_attributes BLOB DEFAULT NULL, local_attributes BLOB DEFAULT NULL, "
                        + "fetched_icon BOOL DEFAULT 0, icon BLOB DEFAULT NULL, dav_generation INTEGER DEFAULT 0, locally_added BOOL DEFAULT 0, "
                        + "archive_status INTEGER DEFAULT 0, syncable BOOL DEFAULT 1, web_filter_status INTEGER DEFAULT 0, "
                        + "modified_attributes UNSIGNED BIG INT DEFAULT 0, date_closed REAL DEFAULT NULL, last_selected_child INTEGER DEFAULT NULL, "
                        + "subtype INTEGER DEFAULT 0, cookies_uuid TEXT DEFAULT NULL, local_storage_uuid TEXT DEFAULT NULL, session_storage_uuid TEXT DEFAULT NULL)",
                "CREATE TABLE windows (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE NOT NULL, scene_id TEXT, active_tab_group_id INTEGER, "
                        + "local_tab_group_id INTEGER, private_tab_group_id INTEGER, date_closed REAL, is_last_session INTEGER DEFAULT 0, extra_attributes BLOB)",
                "CREATE TABLE generations (generation INTEGER NOT NULL DEFAULT 0)");
        group = insert("INSERT INTO bookmarks (parent, type, title, num_children, order_index, external_uuid) VALUES (0, 1, 'Local', 0, 0, 'A0B1C2D3-0000-4000-8000-00000000A001')");
    }

    /** A tab; {@code history} is its back/forward list, the last entry being the current page. */
    public long tab(String title, List<String> history, Instant lastVisit, boolean fromLink) {
        String url = history.get(history.size() - 1);
        NSDictionary extra = new NSDictionary();
        extra.put("DateLastViewed", new NSDate(Date.from(lastVisit)));
        extra.put("LocalTitle", title);
        extra.put("LocalURL", url);
        NSDictionary added = new NSDictionary();
        added.put("DateAdded", new NSDate(Date.from(lastVisit.minusSeconds(600))));
        extra.put("com.apple.Bookmark", added);
        NSDictionary local = new NSDictionary();
        local.put("AncestorTabUUIDsKey", new NSArray(0));
        local.put("LastVisitTime", new NSDate(Date.from(lastVisit)));
        local.put("OpenedFromLink", fromLink);
        local.put("SessionState", SafariBrowserStateDb.sessionData(history, title));
        local.put("TabIndex", 0);
        local.put("version", 1);
        long id = insert("INSERT INTO bookmarks (parent, type, title, url, order_index, external_uuid, extra_attributes, local_attributes) VALUES (?, 0, ?, ?, 0, ?, ?, ?)",
                group, title, url, java.util.UUID.nameUUIDFromBytes((title + lastVisit).getBytes()).toString().toUpperCase(), plist(extra), plist(local));
        exec("UPDATE bookmarks SET num_children = num_children + 1 WHERE id = " + group);
        return id;
    }

    private static byte[] plist(NSDictionary d) {
        try {
            return BinaryPropertyListWriter.writeToArray(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Demo (iOS 16+ layout): an ordinary tab and one whose back list holds a Pegasus domain (Amnesty 2021). */
    public static void plantDemo(IosFiles fs) {
        SafariTabsDb db = new SafariTabsDb();
        db.tab("Weather", List.of("https://www.meteoswiss.admin.ch/"), Instant.parse("2023-05-23T06:00:00Z"), false);
        db.tab("Offer", List.of("https://redirectnet.net/r/55", "https://shop.example.com/"), Instant.parse("2023-05-23T22:40:00Z"), true);
        fs.put(PATH, db.bytes());
    }
}
