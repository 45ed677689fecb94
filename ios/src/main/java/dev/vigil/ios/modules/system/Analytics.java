package dev.vigil.ios.modules.system;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Security analytics events ({@code private/var/Keychains/Analytics/*.db}, filesystem dumps
 * only; see {@link AnalyticsDbs}). Every string of an event's plist is kept (at most
 * {@link #MAX_STRINGS} strings of {@link #MAX_LENGTH} characters per event) and checked
 * against process, domain and URL indicators: Pegasus process names and domains were found in
 * these events (Amnesty, 2021).
 *
 * <p>Records: {@code timestamp}, {@code database}, {@code table}, {@code id},
 * {@code event_type} (the event's {@code eventType}/{@code EventType} when present),
 * {@code build} (iOS build when present), {@code strings}.
 */
public final class Analytics implements ArtifactModule {
    static final int MAX_STRINGS = 200;
    static final int MAX_LENGTH = 1024;

    @Override
    public String slug() {
        return "analytics";
    }

    @Override
    public String description() {
        return "Security analytics events (Keychains/Analytics databases): every string against process, domain and URL indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of(AnalyticsDbs.GLOB);
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        AnalyticsDbs.read(ctx, row -> {
            Record r = new Record();
            r.put("timestamp", row.time());
            r.put("database", row.database());
            r.put("table", row.table());
            r.put("id", row.id());
            String type = Plists.str(row.data(), "eventType");
            if (type == null) type = Plists.str(row.data(), "EventType");
            r.put("event_type", type);
            r.put("build", Plists.str(row.data(), "build"));
            r.put("strings", Plists.strings(row.data(), MAX_STRINGS, MAX_LENGTH));
            ctx.emit(r);
        });
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Indicators ind = checker.indicators();
        Set<String> seen = new HashSet<>();
        for (String s : r.strings("strings")) {
            if (s.isBlank() || s.length() > 255) continue;
            Optional<Match> p = ind.process(s);
            if (p.isPresent() && seen.add(p.get().indicator().value())) {
                checker.ioc(Level.HIGH, r, p.get(), "Process name " + s + " in a security analytics event",
                        "The name appears in an analytics event, usually because the process triggered it; it is weaker than a "
                                + "process in the network usage databases and a legitimate program can share the name.");
                continue;
            }
            if (s.indexOf('.') < 0) continue;
            Optional<Match> u = ind.url(s);
            if (u.isPresent() && seen.add(u.get().indicator().value())) {
                checker.ioc(Level.HIGH, r, u.get(), "Address " + s + " in a security analytics event",
                        "A connection or lookup involving this address was logged; it shows contact with the address, not an infection.");
            }
        }
    }

    @Override
    public String describe(Record r) {
        return "Analytics event " + (r.str("event_type") == null ? "" : r.str("event_type") + " ") + "in " + r.str("database") + "/" + r.str("table");
    }
}
