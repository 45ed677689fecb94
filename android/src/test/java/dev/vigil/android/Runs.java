package dev.vigil.android;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs all modules of an evidence type over a path, as a check does. */
public final class Runs {
    private Runs() {}

    public static RunResult run(EvidenceType type, Path path, CheckOptions opts, Indicators iocs) throws Exception {
        try (EvidenceSource s = type.open(path, opts)) {
            return new CheckRunner(iocs, opts.flags(), Duration.ofMinutes(2)).run(s, type.modules(opts), List.of());
        }
    }

    public static ModuleResult module(RunResult r, String slug) {
        return r.modules().stream().filter(m -> m.slug().equals(slug)).findFirst()
                .orElseThrow(() -> new AssertionError("no module " + slug + " in " + r.modules().stream().map(ModuleResult::slug).toList()));
    }

    public static List<Record> records(RunResult r, String slug) {
        return module(r, slug).records();
    }

    public static List<Alert> alerts(RunResult r, String slug) {
        return module(r, slug).alerts();
    }

    public static String summary(RunResult r) {
        StringBuilder b = new StringBuilder();
        for (ModuleResult m : r.modules()) {
            b.append(m.slug()).append(": ").append(m.status()).append(" records=").append(m.records().size())
                    .append(" alerts=").append(m.alerts().size()).append(m.error() == null ? "" : " error=" + m.error()).append('\n');
            for (Alert a : m.alerts()) b.append("   ").append(a.level()).append(' ').append(a.message()).append('\n');
            for (String w : m.warnings()) b.append("   warn ").append(w).append('\n');
        }
        return b.toString();
    }

    public static Map<String, Object> first(RunResult r, String slug, String field, Object value) {
        return records(r, slug).stream().filter(x -> value.equals(x.get(field))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + slug + " record with " + field + "=" + value)).fields();
    }
}
