package dev.vigil.ios.modules;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Safari open tabs ({@code BrowserState.db}: tabs with their tab_sessions.session_data, a
 * 4-byte version followed by a binary plist holding the tab's back/forward list), iOS 12 to 15
 * and apps with their own BrowserState.db. Tab URLs and every URL of their session history are
 * checked against indicators: a tab can keep an exploit page that the history no longer shows.
 */
public final class SafariBrowserState extends SqliteModule {
    /** Session entries kept per tab. */
    static final int MAX_ENTRIES = 500;

    @Override
    public String slug() {
        return "safari_browser_state";
    }

    @Override
    public String description() {
        return "Safari open tabs and their back/forward lists (BrowserState.db) against indicators";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/Safari/BrowserState.db",
                "private/var/mobile/Library/Safari/SafariTabs.db",
                "private/var/mobile/Containers/Data/Application/*/Library/Safari/BrowserState.db");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        if (!db.hasTable("tabs") && db.hasTable("bookmarks")) {
            parseSafariTabs(ctx, db, file);
            return;
        }
        requireTable(db, "tabs", "a Safari BrowserState.db or SafariTabs.db");
        Set<String> t = db.columns("tabs");
        Map<String, byte[]> sessions = new HashMap<>();
        if (db.hasTable("tab_sessions")) {
            db.query("SELECT tab_uuid, session_data FROM tab_sessions ORDER BY id", rs -> {
                String uuid = Db.text(rs, "tab_uuid");
                byte[] b = Db.bytes(rs, "session_data");
                if (uuid != null && b != null) sessions.putIfAbsent(uuid, b);
            });
        }
        String container = Db.container(file.path());
        String app = app();
        db.query("SELECT t.id AS id, " + Db.col(t, "t", "uuid", "uuid") + ", " + Db.col(t, "t", "title", "title") + ", "
                + Db.col(t, "t", "url", "url") + ", " + Db.col(t, "t", "user_visible_url", "visible_url") + ", "
                + Db.col(t, "t", "last_viewed_time", "viewed") + ", " + Db.col(t, "t", "opened_from_link", "from_link") + ", "
                + Db.col(t, "t", "private_browsing", "private") + " FROM tabs t ORDER BY t.id", rs -> {
                    String uuid = Db.text(rs, "uuid");
                    List<Map<String, Object>> entries = new ArrayList<>();
                    byte[] blob = uuid == null ? null : sessions.get(uuid);
                    if (blob != null) {
                        try {
                            entries = sessionEntries(blob);
                        } catch (IOException e) {
                            ctx.warn("tab " + uuid + ": session data not readable: " + e.getMessage());
                        }
                    }
                    List<String> urls = new ArrayList<>();
                    for (Map<String, Object> e : entries) {
                        for (String k : new String[] {"url", "original_url"}) {
                            Object u = e.get(k);
                            if (u != null && !urls.contains(u.toString())) urls.add(u.toString());
                        }
                    }
                    Record r = new Record();
                    r.put("timestamp", Db.cocoa(rs, "viewed"));
                    r.put("id", Db.lng(rs, "id"));
                    r.put("uuid", uuid);
                    r.put("title", Db.text(rs, "title"));
                    r.put("url", Db.text(rs, "url"));
                    r.put("user_visible_url", Db.text(rs, "visible_url"));
                    r.put("opened_from_link", Db.bool(rs, "from_link"));
                    r.put("private_browsing", Db.bool(rs, "private"));
                    r.put("session_entries", entries);
                    r.put("session_urls", urls);
                    r.put("container", container);
                    r.put("app", app);
                    r.put("database", "BrowserState.db");
                    ctx.emit(r);
                });
    }

    /**
     * SafariTabs.db (iOS 16+): tabs are the rows of {@code bookmarks} with a URL; their
     * {@code extra_attributes} plist holds LocalURL/LocalTitle/DateLastViewed and their
     * {@code local_attributes} plist LastVisitTime, OpenedFromLink and the SessionState blob.
     */
    private void parseSafariTabs(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        Set<String> b = db.columns("bookmarks");
        String container = Db.container(file.path());
        String app = app();
        db.query("SELECT b.id AS id, " + Db.col(b, "b", "external_uuid", "uuid") + ", " + Db.col(b, "b", "title", "title") + ", "
                + Db.col(b, "b", "url", "url") + ", " + Db.col(b, "b", "extra_attributes", "extra") + ", "
                + Db.col(b, "b", "local_attributes", "local") + ", " + Db.col(b, "b", "deleted", "deleted")
                + " FROM bookmarks b WHERE b.url IS NOT NULL AND b.url != '' ORDER BY b.id", rs -> {
                    String uuid = Db.text(rs, "uuid");
                    NSDictionary extra = attributes(ctx, uuid, "extra_attributes", Db.bytes(rs, "extra"));
                    NSDictionary local = attributes(ctx, uuid, "local_attributes", Db.bytes(rs, "local"));
                    List<Map<String, Object>> entries = new ArrayList<>();
                    byte[] state = local == null ? null : Plists.data(local.objectForKey("SessionState"));
                    if (state != null) {
                        try {
                            entries = sessionEntries(state);
                        } catch (IOException e) {
                            ctx.warn("tab " + uuid + ": session state not readable: " + e.getMessage());
                        }
                    }
                    List<String> urls = new ArrayList<>();
                    for (Map<String, Object> e : entries) {
                        for (String k : new String[] {"url", "original_url"}) {
                            Object u = e.get(k);
                            if (u != null && !urls.contains(u.toString())) urls.add(u.toString());
                        }
                    }
                    java.time.Instant viewed = Plists.unixTime(local, "LastVisitTime");
                    if (viewed == null) viewed = Plists.unixTime(extra, "DateLastViewed");
                    Record r = new Record();
                    r.put("timestamp", viewed);
                    r.put("id", Db.lng(rs, "id"));
                    r.put("uuid", uuid);
                    r.put("title", Plists.str(extra, "LocalTitle") != null ? Plists.str(extra, "LocalTitle") : Db.text(rs, "title"));
                    r.put("url", Db.text(rs, "url"));
                    r.put("user_visible_url", Plists.str(extra, "LocalURL"));
                    r.put("opened_from_link", Plists.bool(local, "OpenedFromLink"));
                    r.put("private_browsing", null);
                    r.put("session_entries", entries);
                    r.put("session_urls", urls);
                    r.put("container", container);
                    r.put("app", app);
                    r.put("database", "SafariTabs.db");
                    ctx.emit(r);
                });
    }

    private static NSDictionary attributes(ModuleContext ctx, String uuid, String what, byte[] blob) {
        if (blob == null) return null;
        try {
            return Plists.dict(Plists.parse(blob, what));
        } catch (IOException e) {
            ctx.warn("tab " + uuid + ": " + e.getMessage());
            return null;
        }
    }

    /** The back/forward list of a tab: {@code SessionHistory.SessionHistoryEntries}. */
    static List<Map<String, Object>> sessionEntries(byte[] blob) throws IOException {
        int start = -1;
        for (int i = 0; i + 6 <= Math.min(blob.length, 64); i++) {
            if (blob[i] == 'b' && blob[i + 1] == 'p' && blob[i + 2] == 'l' && blob[i + 3] == 'i' && blob[i + 4] == 's' && blob[i + 5] == 't') {
                start = i;
                break;
            }
        }
        if (start < 0) throw new IOException("no binary plist in session data");
        NSObject root = Plists.parse(java.util.Arrays.copyOfRange(blob, start, blob.length), "session data");
        NSDictionary history = Plists.dict(Plists.dict(root) == null ? null : Plists.dict(root).objectForKey("SessionHistory"));
        List<Map<String, Object>> out = new ArrayList<>();
        if (history == null) throw new IOException("no SessionHistory in the session plist");
        for (NSObject o : Plists.array(history.objectForKey("SessionHistoryEntries"))) {
            if (out.size() >= MAX_ENTRIES) break;
            NSDictionary e = Plists.dict(o);
            if (e == null) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", Plists.str(e, "SessionHistoryEntryURL"));
            m.put("original_url", Plists.str(e, "SessionHistoryEntryOriginalURL"));
            m.put("title", Plists.str(e, "SessionHistoryEntryTitle"));
            out.add(m);
        }
        return out;
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Safari tab URL", "url", "user_visible_url", "session_urls");
    }

    @Override
    public String describe(Record r) {
        return "Safari tab " + Links.brief(r.str("url"), 150) + " (" + r.strings("session_urls").size() + " URLs in its history)";
    }
}
