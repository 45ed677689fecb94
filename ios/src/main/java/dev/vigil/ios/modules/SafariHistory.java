package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Safari history ({@code History.db}: history_visits joined to history_items), iOS 11 to 18,
 * for Safari itself and for apps embedding Safari views (their own History.db in their
 * container). Each visit carries the URL and time of the visit it redirected to, so the fast
 * cross-domain redirect check needs only the records: Pegasus and Predator one-click links
 * bounced the browser through several domains within seconds.
 */
public final class SafariHistory extends SqliteModule {
    @Override
    public String slug() {
        return "safari_history";
    }

    @Override
    public String description() {
        return "Safari history from History.db: visited URLs against indicators, fast redirects across domains";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/Safari/History.db",
                "private/var/mobile/Containers/Data/Application/*/Library/Safari/History.db");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "history_visits", "a Safari History.db");
        requireTable(db, "history_items", "a Safari History.db");
        Set<String> v = db.columns("history_visits");
        Set<String> it = db.columns("history_items");
        boolean src = v.contains("redirect_source"), dst = v.contains("redirect_destination");
        String sql = "SELECT v.id AS id, " + Db.col(v, "v", "history_item", "item") + ", " + Db.col(v, "v", "visit_time", "time") + ", "
                + Db.col(v, "v", "title", "title") + ", " + Db.col(v, "v", "load_successful", "ok") + ", "
                + Db.col(v, "v", "http_non_get", "non_get") + ", " + Db.col(v, "v", "synthesized", "synthesized") + ", "
                + Db.col(v, "v", "origin", "origin") + ", " + Db.col(v, "v", "redirect_source", "rsrc") + ", "
                + Db.col(v, "v", "redirect_destination", "rdst") + ", " + Db.col(it, "i", "url", "url") + ", "
                + Db.col(it, "i", "visit_count", "visit_count") + ", "
                + (src ? "si.url AS rsrc_url" : "NULL AS rsrc_url") + ", "
                + (dst ? "di.url AS rdst_url, dv.visit_time AS rdst_time" : "NULL AS rdst_url, NULL AS rdst_time")
                + " FROM history_visits v LEFT JOIN history_items i ON i.id = v.history_item"
                + (src ? " LEFT JOIN history_visits sv ON sv.id = v.redirect_source LEFT JOIN history_items si ON si.id = sv.history_item" : "")
                + (dst ? " LEFT JOIN history_visits dv ON dv.id = v.redirect_destination LEFT JOIN history_items di ON di.id = dv.history_item" : "")
                + " ORDER BY v.id";
        String container = Db.container(file.path());
        String app = app();
        db.query(sql, rs -> {
            Instant t = Db.cocoa(rs, "time");
            Instant dt = Db.cocoa(rs, "rdst_time");
            Record r = new Record();
            r.put("timestamp", t);
            r.put("id", Db.lng(rs, "id"));
            r.put("history_item", Db.lng(rs, "item"));
            r.put("url", Db.text(rs, "url"));
            r.put("title", Db.text(rs, "title"));
            r.put("load_successful", Db.bool(rs, "ok"));
            r.put("http_non_get", Db.bool(rs, "non_get"));
            r.put("synthesized", Db.bool(rs, "synthesized"));
            r.put("origin", Db.lng(rs, "origin"));
            r.put("visit_count", Db.lng(rs, "visit_count"));
            r.put("redirect_source", Db.lng(rs, "rsrc"));
            r.put("redirect_source_url", Db.text(rs, "rsrc_url"));
            r.put("redirect_destination", Db.lng(rs, "rdst"));
            r.put("redirect_destination_url", Db.text(rs, "rdst_url"));
            r.put("redirect_destination_time", dt);
            r.put("redirect_elapsed_ms", t != null && dt != null ? Duration.between(t, dt).toMillis() : null);
            r.put("container", container);
            r.put("app", app);
            r.put("safari_db", file.path());
            ctx.emit(r);
        });
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Safari visit to", "url");
        Redirects.check(checker, r, "Safari", r.str("url"), r.str("redirect_destination_url"), r.num("redirect_elapsed_ms", -1));
    }

    /** The registrable part of a host, approximately: the last two labels, three under two-letter country second levels. */
    static String site(String host) {
        if (host == null) return null;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") || h.matches("[0-9.]+")) return h;
        String[] l = h.split("\\.");
        if (l.length <= 2) return h;
        boolean ccSecond = l[l.length - 1].length() == 2 && l[l.length - 2].length() <= 3;
        int keep = ccSecond ? 3 : 2;
        return String.join(".", java.util.Arrays.copyOfRange(l, l.length - keep, l.length));
    }

    @Override
    protected String eventKind(Record r) {
        return "visit";
    }

    @Override
    public String describe(Record r) {
        return "Safari visit " + Links.brief(r.str("url"), 150) + (r.str("redirect_destination_url") == null ? "" : " -> redirected to " + Links.brief(r.str("redirect_destination_url"), 100));
    }
}
