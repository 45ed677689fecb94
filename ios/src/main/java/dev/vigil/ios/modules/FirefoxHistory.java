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
 * Firefox for iOS history, in both layouts: the legacy {@code browser.db} (history, visits,
 * domains; visit dates in microseconds) and {@code places.db} of application-services
 * (moz_places, moz_historyvisits; milliseconds), found in the profile folder of the Firefox app
 * group. Visited URLs are checked against indicators.
 */
public final class FirefoxHistory extends SqliteModule {
    static final List<String> PATHS = List.of(
            "private/var/mobile/profile.profile/browser.db",
            "private/var/mobile/Containers/Shared/AppGroup/*/profile.profile/browser.db",
            "private/var/mobile/Containers/Shared/AppGroup/*/profile.profile/places.db");

    @Override
    public String slug() {
        return "firefox_history";
    }

    @Override
    public String description() {
        return "Firefox for iOS history (browser.db and places.db): visited URLs against indicators";
    }

    @Override
    public List<String> paths() {
        return PATHS;
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        String container = Db.container(file.path());
        String app = app();
        if (db.hasTable("moz_historyvisits") && db.hasTable("moz_places")) {
            Set<String> v = db.columns("moz_historyvisits");
            Set<String> p = db.columns("moz_places");
            db.query("SELECT v.id AS id, " + Db.col(v, "v", "visit_date", "date") + ", " + Db.col(v, "v", "visit_type", "type") + ", "
                    + Db.col(v, "v", "from_visit", "from_visit") + ", " + Db.col(v, "v", "is_local", "is_local") + ", "
                    + Db.col(p, "p", "url", "url") + ", " + Db.col(p, "p", "title", "title")
                    + " FROM moz_historyvisits v LEFT JOIN moz_places p ON p.id = v.place_id ORDER BY v.id", rs -> {
                        Record r = new Record();
                        r.put("timestamp", Db.unixAuto(Db.dbl(rs, "date")));
                        r.put("id", Db.lng(rs, "id"));
                        r.put("url", Db.text(rs, "url"));
                        r.put("title", Db.text(rs, "title"));
                        r.put("visit_type", Db.lng(rs, "type"));
                        r.put("from_visit", Db.lng(rs, "from_visit"));
                        r.put("is_local", Db.bool(rs, "is_local"));
                        r.put("database", "places.db");
                        r.put("container", container);
            r.put("app", app);
                        ctx.emit(r);
                    });
            return;
        }
        requireTable(db, "visits", "a Firefox browser.db or places.db");
        requireTable(db, "history", "a Firefox browser.db or places.db");
        Set<String> v = db.columns("visits");
        Set<String> h = db.columns("history");
        db.query("SELECT v.id AS id, " + Db.col(v, "v", "date", "date") + ", " + Db.col(v, "v", "type", "type") + ", "
                + Db.col(v, "v", "is_local", "is_local") + ", " + Db.col(h, "h", "url", "url") + ", " + Db.col(h, "h", "title", "title")
                + " FROM visits v LEFT JOIN history h ON h.id = v.siteID ORDER BY v.id", rs -> {
                    Record r = new Record();
                    r.put("timestamp", Db.unixAuto(Db.dbl(rs, "date")));
                    r.put("id", Db.lng(rs, "id"));
                    r.put("url", Db.text(rs, "url"));
                    r.put("title", Db.text(rs, "title"));
                    r.put("visit_type", Db.lng(rs, "type"));
                    r.put("from_visit", null);
                    r.put("is_local", Db.bool(rs, "is_local"));
                    r.put("database", "browser.db");
                    r.put("container", container);
            r.put("app", app);
                    ctx.emit(r);
                });
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.check(checker, r, "Firefox visit to", "url");
    }

    @Override
    protected String eventKind(Record r) {
        return "visit";
    }

    @Override
    public String describe(Record r) {
        return "Firefox visit " + Links.brief(r.str("url"), 150);
    }
}
