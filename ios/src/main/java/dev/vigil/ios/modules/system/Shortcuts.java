package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.UrlExtractor;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code private/var/mobile/Library/Shortcuts/Shortcuts.sqlite}: the user's Shortcuts. Table
 * {@code ZSHORTCUT} ({@code Z_PK}, {@code ZNAME}, {@code ZACTIONSDESCRIPTION},
 * {@code ZCREATIONDATE}, {@code ZMODIFICATIONDATE} in Cocoa seconds, {@code ZACTIONCOUNT},
 * {@code ZTOMBSTONED}; columns vary across iOS 12 to 17) and {@code ZSHORTCUTACTIONS}
 * ({@code ZSHORTCUT}, {@code ZDATA}: a binary plist array of actions, each a dictionary with
 * {@code WFWorkflowActionIdentifier} and {@code WFWorkflowActionParameters}).
 *
 * <p>Records, one per shortcut: {@code timestamp} (modified, else created), {@code shortcut_id},
 * {@code name}, {@code description}, {@code created}, {@code modified}, {@code action_count},
 * {@code actions} (action identifiers), {@code urls} (URLs and domains found in any string
 * of the actions' parameters, at most {@link #MAX_URLS}). Checks: those URLs against URL and domain
 * indicators.
 */
public final class Shortcuts implements ArtifactModule {
    static final int MAX_URLS = 200;
    static final int MAX_ACTIONS = 500;
    static final int MAX_STRINGS = 20_000;

    @Override
    public String slug() {
        return "shortcuts";
    }

    @Override
    public String description() {
        return "Shortcuts (Shortcuts.sqlite): URLs used inside shortcut actions, against URL and domain indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-backup", "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/Shortcuts/Shortcuts.sqlite");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        for (EvidenceFile f : ctx.require(paths().get(0))) {
            try (Sqlite db = Sqlite.open(ctx.source(), f)) {
                ctx.used(f);
                if (!db.hasTable("ZSHORTCUT")) throw new SQLException(f.path() + " has no ZSHORTCUT table: not a Shortcuts database of a known iOS version");
                Set<String> c = db.columns("ZSHORTCUT");
                boolean actionsTable = db.hasTable("ZSHORTCUTACTIONS") && db.columns("ZSHORTCUTACTIONS").containsAll(List.of("zshortcut", "zdata"));
                if (!actionsTable) ctx.warn(f.path() + " has no ZSHORTCUTACTIONS table with ZDATA: actions not read");
                String sql = "SELECT S.Z_PK, " + col(c, "zname") + ", " + col(c, "zactionsdescription") + ", " + col(c, "zcreationdate") + ", "
                        + col(c, "zmodificationdate") + ", " + col(c, "zactioncount") + ", "
                        + (actionsTable ? "A.ZDATA" : "NULL") + " FROM ZSHORTCUT S"
                        + (actionsTable ? " LEFT JOIN ZSHORTCUTACTIONS A ON A.ZSHORTCUT = S.Z_PK" : "") + " ORDER BY S.Z_PK";
                db.query(sql, rs -> {
                    Record r = new Record();
                    Instant created = cocoa(rs.getObject(4));
                    Instant modified = cocoa(rs.getObject(5));
                    r.put("timestamp", modified != null ? modified : created);
                    r.put("shortcut_id", rs.getLong(1));
                    r.put("name", rs.getString(2));
                    r.put("description", rs.getString(3));
                    r.put("created", created);
                    r.put("modified", modified);
                    Object n = rs.getObject(6);
                    r.put("action_count", n instanceof Number x ? x.longValue() : null);
                    byte[] data = rs.getBytes(7);
                    List<String> actions = new ArrayList<>();
                    Set<String> urls = new LinkedHashSet<>();
                    if (data != null && data.length > 0) {
                        try {
                            Object o = Plists.parse(data, f.path() + " actions of shortcut " + rs.getLong(1));
                            List<Object> params = new ArrayList<>();
                            if (o instanceof List<?> list) {
                                for (Object a : list) {
                                    if (actions.size() >= MAX_ACTIONS) break;
                                    Map<String, Object> d = Plists.dict(a);
                                    if (d == null) continue;
                                    String id = Plists.str(d, "WFWorkflowActionIdentifier");
                                    if (id != null) actions.add(id);
                                    params.add(d.get("WFWorkflowActionParameters"));
                                }
                            } else {
                                params.add(o);
                            }
                            // URLs from the parameters only: action identifiers are reverse-DNS names, not addresses
                            for (String s : Plists.strings(params, MAX_STRINGS, 8192)) {
                                for (String u : UrlExtractor.extract(s)) {
                                    if (urls.size() >= MAX_URLS) break;
                                    urls.add(u);
                                }
                            }
                        } catch (IOException e) {
                            ctx.warn(e.getMessage());
                        }
                    }
                    r.put("actions", actions);
                    r.put("urls", List.copyOf(urls));
                    ctx.emit(r);
                });
            }
        }
    }

    private static String col(Set<String> cols, String name) {
        return cols.contains(name) ? "S." + name.toUpperCase(java.util.Locale.ROOT) : "NULL";
    }

    private static Instant cocoa(Object o) {
        return o instanceof Number n ? Times.cocoa(n.doubleValue()) : null;
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Indicators ind = checker.indicators();
        for (String u : r.strings("urls")) {
            ind.url(u).ifPresent(m -> checker.ioc(Level.HIGH, r, m, "URL " + u + " in shortcut \"" + r.str("name") + "\"",
                    "A shortcut on the phone refers to this address; it shows the shortcut exists, not that it ran or that the phone "
                            + "was infected, and it is weaker evidence than a process trace."));
        }
    }

    @Override
    public String describe(Record r) {
        return "Shortcut \"" + r.str("name") + "\" with " + r.strings("actions").size() + " actions" + (r.strings("urls").isEmpty() ? "" : ", URLs " + r.strings("urls"));
    }
}
