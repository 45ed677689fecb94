package dev.vigil.ios.modules.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSource;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.module.RunAnalyzer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared test helpers: the public Pegasus indicators, running modules over a source. */
final class TestSupport {
    private static Indicators pegasus;

    private TestSupport() {}

    /** The folder {@code shared/iocs}, found by walking up from the working directory. */
    static Path sharedIocs() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path c = p.resolve("shared/iocs");
            if (Files.isDirectory(c)) return c;
            p = p.getParent();
        }
        throw new IllegalStateException("shared/iocs not found above " + Path.of("").toAbsolutePath());
    }

    private static final Pattern PATTERN = Pattern.compile("\\[(process:name|email-addr:value|domain-name:value|file:name)\\s*=\\s*'([^']+)'\\]");

    /**
     * Amnesty's public NSO Pegasus indicators (2021-07-18_nso/pegasus.stix2): process names,
     * email addresses, domains and file names, read with a small pattern reader (the real STIX
     * loader is another module's work).
     */
    static synchronized Indicators pegasus() throws IOException {
        if (pegasus != null) return pegasus;
        Path f = sharedIocs().resolve("amnesty-investigations/2021-07-18_nso/pegasus.stix2");
        JsonNode root = new ObjectMapper().readTree(f.toFile());
        List<Indicator> out = new ArrayList<>();
        for (JsonNode o : root.path("objects")) {
            if (!"indicator".equals(o.path("type").asText())) continue;
            Matcher m = PATTERN.matcher(o.path("pattern").asText());
            if (!m.find()) continue;
            IndicatorType t = IndicatorType.ofStixKey(m.group(1));
            out.add(new Indicator(t, m.group(2), "NSO Group Pegasus", "pegasus.stix2", o.path("id").asText()));
        }
        pegasus = Indicators.of(List.of(new IocSource("pegasus.stix2", "NSO Group Pegasus", "stix2", out, List.of())));
        return pegasus;
    }

    static RunResult run(EvidenceSource src, Indicators ind, List<ArtifactModule> modules, List<RunAnalyzer> analyzers) {
        return new CheckRunner(ind, Map.of(), Duration.ofSeconds(60)).run(src, modules, analyzers);
    }

    static ModuleResult runOne(EvidenceSource src, Indicators ind, ArtifactModule m) {
        return run(src, ind, List.of(m), List.of()).modules().get(0);
    }

    static MemorySource source(String type) {
        return new MemorySource(type, "test", false);
    }
}
