package dev.vigil.ios.modules.system;

import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ModuleContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The iOS builds seen in the security analytics events ({@code build} of each event's plist,
 * see {@link AnalyticsDbs}), each with the first and last time it was seen: a history of the
 * phone's updates, useful to tell which exploits it was exposed to. Filesystem dumps only.
 *
 * <p>Records, one per build, sorted by first sighting: {@code timestamp} (first seen),
 * {@code build}, {@code last_seen}, {@code events}.
 */
public final class AnalyticsIosVersions implements ArtifactModule {
    @Override
    public String slug() {
        return "analytics_ios_versions";
    }

    @Override
    public String description() {
        return "iOS builds seen in the security analytics events, with first-seen dates";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of(AnalyticsDbs.GLOB);
    }

    private static final class Seen {
        Instant first;
        Instant last;
        long count;
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        Map<String, Seen> builds = new TreeMap<>();
        AnalyticsDbs.read(ctx, row -> {
            String b = Plists.str(row.data(), "build");
            if (b == null || b.isBlank() || b.length() > 64) return;
            Seen s = builds.computeIfAbsent(b, k -> new Seen());
            s.count++;
            Instant t = row.time();
            if (t != null) {
                if (s.first == null || t.isBefore(s.first)) s.first = t;
                if (s.last == null || t.isAfter(s.last)) s.last = t;
            }
        });
        if (builds.isEmpty()) ctx.warn("no event of the analytics databases names an iOS build");
        List<Map.Entry<String, Seen>> list = new ArrayList<>(builds.entrySet());
        list.sort(Comparator.comparing((Map.Entry<String, Seen> e) -> e.getValue().first, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Map.Entry::getKey));
        for (var e : list) {
            ctx.emit(Record.of("timestamp", e.getValue().first, "build", e.getKey(), "last_seen", e.getValue().last, "events", e.getValue().count));
        }
    }

    @Override
    public String describe(Record r) {
        return "iOS build " + r.str("build") + " first seen in analytics (last " + r.str("last_seen") + ")";
    }

}
