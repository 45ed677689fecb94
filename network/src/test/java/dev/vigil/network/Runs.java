package dev.vigil.network;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.module.ModuleRegistry;
import dev.vigil.core.run.CheckOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the registered network modules over files, as check-network does. */
final class Runs {
    private Runs() {}

    static RunResult check(Indicators iocs, Map<String, String> options, Path... files) throws Exception {
        CheckOptions o = new CheckOptions();
        options.forEach(o::flag);
        try (EvidenceSource s = new NetworkEvidenceType().open(List.of(files), o)) {
            return new CheckRunner(iocs, options, Duration.ofMinutes(2)).run(s, ModuleRegistry.get().modulesFor("network"), List.of());
        }
    }

    static RunResult check(Indicators iocs, Path... files) throws Exception {
        return check(iocs, new HashMap<>(), files);
    }

    static ModuleResult module(RunResult r, String slug) {
        return r.modules().stream().filter(m -> m.slug().equals(slug)).findFirst().orElseThrow();
    }

    static List<Record> records(RunResult r, String slug) {
        return module(r, slug).records();
    }
}
