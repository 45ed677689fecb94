package dev.vigil.samples.ios.artifacts;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import dev.vigil.samples.ios.IosFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Writes Safari's {@code BrowserState.db} (open tabs) as on iOS 13-15: tabs, tab_sessions whose
 * session_data is a 4-byte little-endian version (1) followed by a binary plist
 * {SessionHistory: {SessionHistoryCurrentIndex, SessionHistoryEntries: [{SessionHistoryEntryURL,
 * SessionHistoryEntryOriginalURL, SessionHistoryEntryTitle}], SessionHistoryVersion}}.
 */
public final class SafariBrowserStateDb extends SqliteFile {
    public static final String PATH = "private/var/mobile/Library/Safari/BrowserState.db";

    public SafariBrowserStateDb() {
        super("CREATE TABLE tabs (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE NOT NULL, title TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', "
                        + "user_visible_url TEXT NOT NULL DEFAULT '', order_index INTEGER NOT NULL DEFAULT 0, last_viewed_time REAL NOT NULL DEFAULT 0, "
                        + "opened_from_link INTEGER NOT NULL DEFAULT 0, showing_reader INTEGER NOT NULL DEFAULT 0, reader_view_top_scroll_offset INTEGER NOT NULL DEFAULT 0, "
                        + "desktop_mode INTEGER NOT NULL DEFAULT 0, private_browsing INTEGER NOT NULL DEFAULT 0, browser_window_uuid TEXT, browser_window_id INTEGER, "
                        + "displaying_standalone_image INTEGER NOT NULL DEFAULT 0, last_visit_time REAL NOT NULL DEFAULT 0)",
                "CREATE TABLE tab_sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, tab_uuid TEXT UNIQUE NOT NULL, session_data BLOB)",
                "CREATE TABLE browser_windows (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE NOT NULL, active_document_index INTEGER NOT NULL DEFAULT 0)");
    }

    /** A tab whose back/forward list holds the given URLs (the last one is the current page). */
    public void tab(String title, List<String> history, Instant lastViewed, boolean fromLink) {
        String uuid = java.util.UUID.nameUUIDFromBytes((title + lastViewed).getBytes()).toString().toUpperCase();
        String url = history.get(history.size() - 1);
        insert("INSERT INTO tabs (uuid, title, url, user_visible_url, last_viewed_time, opened_from_link) VALUES (?, ?, ?, ?, ?, ?)",
                uuid, title, url, url, cocoa(lastViewed), fromLink ? 1 : 0);
        insert("INSERT INTO tab_sessions (tab_uuid, session_data) VALUES (?, ?)", uuid, sessionData(history, title));
    }

    /** A tab with raw session data (for tests of damaged blobs). */
    public void rawTab(String uuid, String url, Instant lastViewed, byte[] sessionData) {
        insert("INSERT INTO tabs (uuid, title, url, user_visible_url, last_viewed_time) VALUES (?, '', ?, ?, ?)", uuid, url, url, cocoa(lastViewed));
        insert("INSERT INTO tab_sessions (tab_uuid, session_data) VALUES (?, ?)", uuid, sessionData);
    }

    public static byte[] sessionData(List<String> history, String lastTitle) {
        NSArray entries = new NSArray(history.size());
        for (int i = 0; i < history.size(); i++) {
            NSDictionary e = new NSDictionary();
            e.put("SessionHistoryEntryURL", history.get(i));
            e.put("SessionHistoryEntryOriginalURL", history.get(i));
            e.put("SessionHistoryEntryTitle", i == history.size() - 1 ? lastTitle : "");
            e.put("SessionHistoryEntryShouldOpenExternalURLsPolicyKey", 1);
            entries.setValue(i, e);
        }
        NSDictionary sh = new NSDictionary();
        sh.put("SessionHistoryCurrentIndex", history.size() - 1);
        sh.put("SessionHistoryEntries", entries);
        sh.put("SessionHistoryVersion", 1);
        NSDictionary root = new NSDictionary();
        root.put("SessionHistory", sh);
        root.put("IsAppInitiated", false);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {1, 0, 0, 0});
            out.write(BinaryPropertyListWriter.writeToArray(root));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Demo: an ordinary tab and one whose back list holds a Pegasus domain (Amnesty 2021). */
    public static void plantDemo(IosFiles fs) {
        SafariBrowserStateDb db = new SafariBrowserStateDb();
        db.tab("News - SRF", List.of("https://www.srf.ch/", "https://www.srf.ch/news"), Instant.parse("2023-05-18T06:46:00Z"), false);
        db.tab("Chat", List.of("https://oneleadingchat.com/invite/4410", "https://www.example.org/"), Instant.parse("2023-05-22T21:03:00Z"), true);
        fs.put(PATH, db.bytes());
    }
}
