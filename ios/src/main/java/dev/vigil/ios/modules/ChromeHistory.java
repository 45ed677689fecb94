package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Chrome for iOS history ({@code Library/Application Support/Google/Chrome/Default/History} in
 * the app's data container: {@code visits} joined to {@code urls}, Chromium history schema
 * versions 40-70). Visited URLs are checked against indicators; a visit reached by a redirect
 * carries its source URL and the delay, for the fast cross-domain redirect check.
 */
public final class ChromeHistory extends SqliteModule {
    /** Chromium page transition qualifiers. */
    static final long CLIENT_REDIRECT = 0x40000000L, SERVER_REDIRECT = 0x80000000L;

    @Override
    public String slug() {
        return "chrome_history";
    }

    @Override
    public String description() {
        return "Chrome for iOS history: visited URLs against indicators, fast redirects across domains";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Containers/Data/Application/*/Library/Application Support/Google/Chrome/Default/History");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "visits", "a Chrome History database");
        requireTable(db, "urls", "a Chrome History database");
        Set<String> v = db.columns("visits");
        Set<String> u = db.columns("urls");
        boolean from = v.contains("from_visit");
        String sql = "SELECT v.id AS id, " + Db.col(v, "v", "visit_time", "time") + ", " + Db.col(v, "v", "transition", "transition") + ", "
                + Db.col(v, "v", "from_visit", "from_visit") + ", " + Db.col(v, "v", "visit_duration", "duration") + ", "
                + Db.col(u, "u", "url", "url") + ", " + Db.col(u, "u", "title", "title") + ", " + Db.col(u, "u", "visit_count", "visit_count") + ", "
                + Db.col(u, "u", "typed_count", "typed_count") + ", "
                + (from ? "fu.url AS from_url, fv.visit_time AS from_time" : "NULL AS from_url, NULL AS from_time")
                + " FROM visits v LEFT JOIN urls u ON u.id = v.url"
                + (from ? " LEFT JOIN visits fv ON fv.id = v.from_visit AND v.from_visit != 0 LEFT JOIN urls fu ON fu.id = fv.url" : "")
                + " ORDER BY v.id";
        String container = Db.container(file.path());
        String app = app();
        db.query(sql, rs -> {
            Long tr = Db.lng(rs, "transition");
            Instant t = webkit(Db.lng(rs, "time"));
            Instant ft = webkit(Db.lng(rs, "from_time"));
            Record r = new Record();
            r.put("timestamp", t);
            r.put("id", Db.lng(rs, "id"));
            r.put("url", Db.text(rs, "url"));
            r.put("title", Db.text(rs, "title"));
            r.put("visit_count", Db.lng(rs, "visit_count"));
            r.put("typed_count", Db.lng(rs, "typed_count"));
            r.put("transition_core", tr == null ? null : tr & 0xff);
            r.put("redirect", tr == null ? null : (tr & SERVER_REDIRECT) != 0 ? "server" : (tr & CLIENT_REDIRECT) != 0 ? "client" : null);
            r.put("from_visit", Db.lng(rs, "from_visit"));
            r.put("from_visit_url", Db.text(rs, "from_url"));
            r.put("from_visit_elapsed_ms", t != null && ft != null ? Duration.between(ft, t).toMillis() : null);
            r.put("visit_duration_us", Db.lng(rs, "duration"));
            r.put("container", container);
            r.put("app", app);
            ctx.emit(r);
        });
    }

    private static Instant webkit(Long micros) {
        return micros == null ? null : Times.webkitMicros(micros);
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Chrome visit to", "url");
        if (r.str("redirect") != null) {
            Redirects.check(checker, r, "Chrome", r.str("from_visit_url"), r.str("url"), r.num("from_visit_elapsed_ms", -1));
        }
    }

    @Override
    protected String eventKind(Record r) {
        return "visit";
    }

    @Override
    public String describe(Record r) {
        return "Chrome visit " + Links.brief(r.str("url"), 150) + (r.str("from_visit_url") == null ? "" : " (from " + Links.brief(r.str("from_visit_url"), 80) + ")");
    }
}
