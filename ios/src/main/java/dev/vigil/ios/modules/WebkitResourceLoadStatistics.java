package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WebKit Intelligent Tracking Prevention store ({@code observations.db}: ObservedDomains with
 * the top-frame redirects between them), kept by Safari, SafariViewService and every app using
 * WKWebView, iOS 14 to 18. It lists domains a web view loaded even when no history is kept, so
 * each domain and its redirect peers are checked against indicators.
 */
public final class WebkitResourceLoadStatistics extends SqliteModule {
    static final String RLS = "Library/WebKit/WebsiteData/ResourceLoadStatistics/";

    @Override
    public String slug() {
        return "webkit_resource_load_statistics";
    }

    @Override
    public String description() {
        return "WebKit tracking-prevention store (observations.db) of Safari and apps: domains loaded by web views against indicators";
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/" + RLS + "observations.db",
                "private/var/mobile/Containers/Data/Application/*/" + RLS + "observations.db",
                "private/var/mobile/Containers/Data/Application/*/SystemData/com.apple.SafariViewService/" + RLS + "observations.db");
    }

    @Override
    protected void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException {
        String app = app();
        requireTable(db, "ObservedDomains", "a WebKit observations.db");
        Set<String> o = db.columns("ObservedDomains");
        Map<Long, List<String>> to = redirects(db, "TopFrameUniqueRedirectsTo", "sourceDomainID", "toDomainID");
        Map<Long, List<String>> from = redirects(db, "TopFrameUniqueRedirectsFrom", "targetDomainID", "fromDomainID");
        db.query("SELECT o.domainID AS id, " + Db.col(o, "o", "registrableDomain", "domain") + ", " + Db.col(o, "o", "lastSeen", "seen") + ", "
                + Db.col(o, "o", "hadUserInteraction", "interaction") + ", " + Db.col(o, "o", "mostRecentUserInteractionTime", "interaction_time")
                + ", " + Db.col(o, "o", "isPrevalent", "prevalent") + ", " + Db.col(o, "o", "isVeryPrevalent", "very_prevalent") + ", "
                + Db.col(o, "o", "dataRecordsRemoved", "removed") + " FROM ObservedDomains o ORDER BY o.domainID", rs -> {
                    Long id = Db.lng(rs, "id");
                    Record r = new Record();
                    r.put("timestamp", Db.unixAuto(Db.dbl(rs, "seen")));
                    r.put("domain_id", id);
                    r.put("registrable_domain", Db.text(rs, "domain"));
                    r.put("had_user_interaction", Db.bool(rs, "interaction"));
                    r.put("most_recent_user_interaction", Db.unixAuto(Db.dbl(rs, "interaction_time")));
                    r.put("is_prevalent", Db.bool(rs, "prevalent"));
                    r.put("is_very_prevalent", Db.bool(rs, "very_prevalent"));
                    r.put("data_records_removed", Db.lng(rs, "removed"));
                    r.put("redirects_to", to.getOrDefault(id, List.of()));
                    r.put("redirects_from", from.getOrDefault(id, List.of()));
                    r.put("path", file.path());
                    r.put("container", Db.container(file.path()));
                    r.put("app", app);
                    ctx.emit(r);
                });
    }

    private static Map<Long, List<String>> redirects(Sqlite db, String table, String keyCol, String otherCol) throws SQLException {
        Map<Long, List<String>> out = new HashMap<>();
        if (!db.hasTable(table)) return out;
        Set<String> c = db.columns(table);
        if (!c.contains(keyCol.toLowerCase()) || !c.contains(otherCol.toLowerCase())) return out;
        db.query("SELECT t." + keyCol + " AS k, d.registrableDomain AS v FROM " + table + " t JOIN ObservedDomains d ON d.domainID = t." + otherCol
                + " ORDER BY t." + keyCol + ", d.registrableDomain LIMIT 1000000", rs -> {
                    Long k = Db.lng(rs, "k");
                    String v = Db.text(rs, "v");
                    if (k == null || v == null) return;
                    List<String> l = out.computeIfAbsent(k, x -> new ArrayList<>());
                    if (l.size() < 1000) l.add(v);
                });
        return out;
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.checkDomains(checker, r, "Domain loaded by a web view:", "registrable_domain", "redirects_to", "redirects_from");
    }

    @Override
    public String describe(Record r) {
        String app = r.str("app") != null ? r.str("app") : r.str("container");
        return (app == null ? "Safari web view" : "Web view of " + app) + " loaded " + r.str("registrable_domain")
                + (r.strings("redirects_to").isEmpty() ? "" : ", redirected to " + String.join(", ", r.strings("redirects_to")));
    }
}
