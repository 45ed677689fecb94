package dev.vigil.cli;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.AllowList;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSets;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.module.ModuleRegistry;
import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.report.RunInfo;
import dev.vigil.core.report.SpilledRecords;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceType;
import dev.vigil.core.run.EvidenceTypes;
import dev.vigil.samples.Sample;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check streams the records of record-by-record modules (checked, written and let go as they
 * are emitted); on every demo sample, its result files must be byte for byte those of the
 * in-memory path that keeps every record and checks whole lists.
 */
class StreamingResultsTest {
    @TempDir
    Path tmp;

    static Stream<Sample> samples() {
        return Sample.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void streamedResultsEqualInMemoryResults(Sample sample) throws Exception {
        Indicators iocs = IocSets.defaults(AllowList.none());
        EvidenceType type = EvidenceTypes.byName(sample.evidenceType()).orElseThrow();
        Path built = sample.build(tmp.resolve("sample"));
        CheckOptions opts = new CheckOptions().moduleTimeout(Duration.ofMinutes(5));
        if (sample.password() != null) opts.password(() -> sample.password().toCharArray());

        Path streamed = tmp.resolve("streamed");
        Check.Outcome o = Check.run(type, List.of(built), opts, iocs, streamed, List.of("vigil", "test"), null);
        assertThat(o.result().modules()).as("some modules were streamed")
                .anyMatch(m -> m.records() instanceof SpilledRecords && !m.records().isEmpty());

        Path kept = tmp.resolve("kept");
        RunResult inMemory;
        try (EvidenceSource source = type.open(List.of(built), opts)) {
            inMemory = new CheckRunner(iocs, opts.flags(), opts.moduleTimeout())
                    .run(source, type.modules(opts), ModuleRegistry.get().analyzersFor(type.name()));
        }
        RunInfo info = o.info();
        ResultWriter.write(kept, inMemory, info);

        for (ModuleResult m : inMemory.modules()) {
            Path a = streamed.resolve(m.slug() + ".json"), b = kept.resolve(m.slug() + ".json");
            assertThat(Files.exists(a)).as(m.slug() + ".json written by both or neither").isEqualTo(Files.exists(b));
            if (Files.exists(b)) assertThat(Files.readAllBytes(a)).as(m.slug() + ".json").isEqualTo(Files.readAllBytes(b));
        }
        for (String f : List.of(ResultWriter.ALERTS, ResultWriter.TIMELINE, ResultWriter.ALERTS_TIMELINE)) {
            assertThat(Files.readAllBytes(streamed.resolve(f))).as(f).isEqualTo(Files.readAllBytes(kept.resolve(f)));
        }
        assertThat(o.result().modules()).extracting(ModuleResult::slug, m -> m.records().size(), ModuleResult::status)
                .containsExactlyElementsOf(inMemory.modules().stream().map(m -> org.assertj.core.groups.Tuple.tuple(m.slug(), m.records().size(), m.status())).toList());
        assertThat(Map.copyOf(ResultWriter.countByLevel(o.result().alerts()))).isEqualTo(Map.copyOf(ResultWriter.countByLevel(inMemory.alerts())));
    }
}
