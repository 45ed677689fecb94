package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Chrome for iOS favicons ({@code .../Chrome/Default/Favicons}: icon_mapping joined to favicons
 * and favicon_bitmaps). Favicons outlive cleared history, so page and icon URLs are checked
 * against indicators.
 */
public final class ChromeFavicon extends SqliteModule {
    @Override
    public String slug() {
        return "chrome_favicon";
    }

    @Override
    public String description() {
        return "Chrome for iOS favicon cache: page and icon URLs (kept after history is cleared) against indicators";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Containers/Data/Application/*/Library/Application Support/Google/Chrome/Default/Favicons");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "icon_mapping", "a Chrome Favicons database");
        requireTable(db, "favicons", "a Chrome Favicons database");
        boolean bitmaps = db.hasTable("favicon_bitmaps");
        Set<String> b = bitmaps ? db.columns("favicon_bitmaps") : Set.of();
        String sql = "SELECT m.id AS id, m.page_url AS page_url, f.url AS icon_url, "
                + (bitmaps ? Db.col(b, "b", "last_updated", "updated") + ", " + Db.col(b, "b", "last_requested", "requested")
                        : "NULL AS updated, NULL AS requested")
                + " FROM icon_mapping m LEFT JOIN favicons f ON f.id = m.icon_id"
                + (bitmaps ? " LEFT JOIN favicon_bitmaps b ON b.id = (SELECT min(id) FROM favicon_bitmaps WHERE icon_id = m.icon_id)" : "")
                + " ORDER BY m.id";
        String container = Db.container(file.path());
        String app = app();
        db.query(sql, rs -> {
            Long up = Db.lng(rs, "updated"), req = Db.lng(rs, "requested");
            Record r = new Record();
            r.put("timestamp", up == null ? null : Times.webkitMicros(up));
            r.put("id", Db.lng(rs, "id"));
            r.put("url", Db.text(rs, "page_url"));
            r.put("icon_url", Db.text(rs, "icon_url"));
            r.put("last_requested", req == null ? null : Times.webkitMicros(req));
            r.put("container", container);
            r.put("app", app);
            ctx.emit(r);
        });
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Chrome favicon of", "url", "icon_url");
    }

    @Override
    public String describe(Record r) {
        return "Chrome favicon of " + Links.brief(r.str("url"), 120) + " (" + Links.brief(r.str("icon_url"), 80) + ")";
    }
}
