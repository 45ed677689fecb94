package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Firefox for iOS favicons ({@code browser.db}: favicons joined through favicon_sites to
 * history). Page and icon URLs are checked against indicators.
 */
public final class FirefoxFavicon extends SqliteModule {
    @Override
    public String slug() {
        return "firefox_favicon";
    }

    @Override
    public String description() {
        return "Firefox for iOS favicons (browser.db): page and icon URLs against indicators";
    }

    @Override
    public List<String> paths() {
        return FirefoxHistory.PATHS.subList(0, 2);
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "favicons", "a Firefox browser.db");
        Set<String> f = db.columns("favicons");
        boolean sites = db.hasTable("favicon_sites") && db.hasTable("history");
        String sql = "SELECT f.id AS id, " + Db.col(f, "f", "url", "icon_url") + ", " + Db.col(f, "f", "date", "date") + ", "
                + Db.col(f, "f", "width", "width") + ", " + Db.col(f, "f", "height", "height") + ", "
                + (sites ? "h.url AS page_url, h.title AS title" : "NULL AS page_url, NULL AS title")
                + " FROM favicons f"
                + (sites ? " LEFT JOIN favicon_sites s ON s.faviconID = f.id LEFT JOIN history h ON h.id = s.siteID" : "")
                + " ORDER BY f.id" + (sites ? ", s.id" : "");
        String container = Db.container(file.path());
        String app = app();
        db.query(sql, rs -> {
            Record r = new Record();
            r.put("timestamp", Db.unixAuto(Db.dbl(rs, "date")));
            r.put("id", Db.lng(rs, "id"));
            r.put("url", Db.text(rs, "page_url"));
            r.put("title", Db.text(rs, "title"));
            r.put("icon_url", Db.text(rs, "icon_url"));
            r.put("width", Db.lng(rs, "width"));
            r.put("height", Db.lng(rs, "height"));
            r.put("container", container);
            r.put("app", app);
            ctx.emit(r);
        });
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Firefox favicon of", "url", "icon_url");
    }

    @Override
    public String describe(Record r) {
        return "Firefox favicon " + Links.brief(r.str("icon_url"), 100) + (r.str("url") == null ? "" : " for " + Links.brief(r.str("url"), 100));
    }
}
