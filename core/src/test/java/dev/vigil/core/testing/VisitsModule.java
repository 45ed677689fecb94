package dev.vigil.core.testing;

import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A minimal real module for framework tests: reads {@code visits.txt} (one URL a line, an
 * optional ISO time before a space) and checks each URL against the indicators.
 */
public final class VisitsModule implements ArtifactModule {
    @Override
    public String slug() {
        return "visits";
    }

    @Override
    public String description() {
        return "URLs listed in visits.txt (test artifact)";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(TestEvidenceType.NAME);
    }

    @Override
    public List<String> paths() {
        return List.of("visits.txt");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        var f = ctx.require("visits.txt").get(0);
        ctx.used(f);
        for (String line : new String(ctx.source().readAll(f, 1 << 20), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            String[] parts = line.strip().split(" ", 2);
            if (parts.length == 2 && parts[0].matches("\\d{4}-.*Z")) ctx.emit(Record.of("timestamp", parts[0], "url", parts[1]));
            else ctx.emit(Record.of("timestamp", "2023-01-01T00:00:00Z", "url", line.strip()));
        }
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        c.indicators().url(r.str("url")).ifPresent(m -> c.ioc(r, m, "Visited URL " + r.str("url")));
    }

    @Override
    public String describe(Record r) {
        return "visit " + r.str("url");
    }
}
