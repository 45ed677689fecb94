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
 * Safari favicons ({@code Favicons.db} in Library/Image Cache/Favicons: page_url joined to
 * icon_info by uuid, and rejected_resources), iOS 12 to 18. Favicons stay after history is
 * cleared; page and icon URLs are checked against indicators.
 */
public final class SafariFavicon extends SqliteModule {
    @Override
    public String slug() {
        return "safari_favicon";
    }

    @Override
    public String description() {
        return "Safari favicon cache (Favicons.db): page and icon URLs, kept after history is cleared, against indicators";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/Image Cache/Favicons/Favicons.db",
                "private/var/mobile/Containers/Data/Application/*/Library/Image Cache/Favicons/Favicons.db");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        requireTable(db, "page_url", "a Safari Favicons.db");
        requireTable(db, "icon_info", "a Safari Favicons.db");
        Set<String> i = db.columns("icon_info");
        String container = Db.container(file.path());
        String app = app();
        db.query("SELECT p.url AS page_url, " + Db.col(i, "i", "url", "icon_url") + ", " + Db.col(i, "i", "timestamp", "ts")
                + " FROM page_url p JOIN icon_info i ON i.uuid = p.uuid ORDER BY i.timestamp, p.url", rs -> {
                    Record r = new Record();
                    r.put("timestamp", Db.cocoa(rs, "ts"));
                    r.put("url", Db.text(rs, "page_url"));
                    r.put("icon_url", Db.text(rs, "icon_url"));
                    r.put("type", "valid");
                    r.put("container", container);
            r.put("app", app);
                    ctx.emit(r);
                });
        if (db.hasTable("rejected_resources")) {
            Set<String> rr = db.columns("rejected_resources");
            db.query("SELECT " + Db.col(rr, "r", "page_url", "page_url") + ", " + Db.col(rr, "r", "icon_url", "icon_url") + ", "
                    + Db.col(rr, "r", "timestamp", "ts") + " FROM rejected_resources r ORDER BY r.timestamp, r.page_url", rs -> {
                        Record r = new Record();
                        r.put("timestamp", Db.cocoa(rs, "ts"));
                        r.put("url", Db.text(rs, "page_url"));
                        r.put("icon_url", Db.text(rs, "icon_url"));
                        r.put("type", "rejected");
                        r.put("container", container);
            r.put("app", app);
                        ctx.emit(r);
                    });
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Safari favicon of", "url", "icon_url");
    }

    @Override
    public String describe(Record r) {
        return "Safari favicon (" + r.str("type") + ") of " + Links.brief(r.str("url"), 120);
    }
}
