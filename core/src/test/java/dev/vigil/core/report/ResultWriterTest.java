package dev.vigil.core.report;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.module.CheckRunnerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultWriterTest {
    @TempDir
    Path tmp;

    private RunResult run() {
        var src = new MemorySource("test", "mem", false).put("visits.txt",
                "http://x.evil.com/1\nhttps://ok.org/\n=HYPERLINK(\"http://x\")\n".getBytes(StandardCharsets.UTF_8));
        return new CheckRunner(CheckRunnerTest.IOCS, Map.of(), Duration.ofSeconds(5))
                .run(src, List.of(new dev.vigil.core.testing.VisitsModule()), List.of());
    }

    private RunInfo info(RunResult r) {
        return new RunInfo("vigil", "test", List.of("vigil", "x"), "2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z",
                new RunInfo.Target("mem", "test"), ResultWriter.iocInfo(Indicators.empty()), r.inputs(),
                ResultWriter.moduleInfo(r, Map.of("visits", "x.Visits")), r.analyzers(), ResultWriter.countByLevel(r.alerts()));
    }

    @Test
    void recordFilesAreAnArrayOfOneCompactRecordPerLine() throws Exception {
        Path f = tmp.resolve("r.json");
        ResultWriter.writeRecords(f, List.of(Record.of("a", 1L, "b", "x,y"), Record.of("a", 2L, "b", null), Record.of("c", List.of("z"))));
        assertThat(Files.readString(f)).isEqualTo("[\n{\"a\":1,\"b\":\"x,y\"},\n{\"a\":2,\"b\":null},\n{\"c\":[\"z\"]}\n]\n");
        ResultWriter.writeRecords(f, List.of());
        assertThat(Files.readString(f)).isEqualTo("[]\n");
    }

    @Test
    void aSpillingRunWritesRecordsAsModulesFinishAndReadsThemBackOnDemand() throws Exception {
        Path dir = tmp.resolve("spill");
        Files.createDirectories(dir);
        var src = new MemorySource("test", "mem", false).put("visits.txt",
                "http://x.evil.com/1\nhttps://ok.org/\n=HYPERLINK(\"http://x\")\n".getBytes(StandardCharsets.UTF_8));
        RunResult spilled = new CheckRunner(CheckRunnerTest.IOCS, Map.of(), Duration.ofSeconds(5)).spillTo(dir)
                .run(src, List.of(new dev.vigil.core.testing.VisitsModule()), List.of());
        assertThat(spilled.modules().get(0).records()).isInstanceOf(SpilledRecords.class).hasSize(3);
        assertThat(dir.resolve("visits.json")).exists();
        RunResult kept = run();
        assertThat(spilled.modules().get(0).records()).isEqualTo(kept.modules().get(0).records());
        assertThat(spilled.alerts()).isEqualTo(kept.alerts());
        ResultWriter.write(dir, spilled, info(spilled));
        Path other = tmp.resolve("kept");
        ResultWriter.write(other, kept, info(kept));
        for (String name : List.of("visits.json", "alerts.json", "timeline.csv")) {
            assertThat(Files.readAllBytes(dir.resolve(name))).as(name).isEqualTo(Files.readAllBytes(other.resolve(name)));
        }
    }

    @Test
    void writesTheContractFilesDeterministically() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        RunResult r1 = run();
        ResultWriter.write(a, r1, info(r1));
        RunResult r2 = run();
        ResultWriter.write(b, r2, info(r2));
        for (String f : List.of("alerts.json", "visits.json", "timeline.csv", "alerts_timeline.csv", "run.json")) {
            assertThat(a.resolve(f)).exists();
            assertThat(Files.readAllBytes(a.resolve(f))).as(f).isEqualTo(Files.readAllBytes(b.resolve(f)));
        }
        String alerts = Files.readString(a.resolve("alerts.json"));
        assertThat(alerts).contains("\"level\" : \"CRITICAL\"", "\"event_time\" : \"2023-01-01T00:00:00Z\"",
                "\"matched_indicator\" : {", "\"type\" : \"domain-name:value\"", "\"collection\" : \"Test Spyware\"");
        List<Alert> back = ResultWriter.readAlerts(a);
        assertThat(back).hasSize(1);
        assertThat(back.get(0).level()).isEqualTo(Level.CRITICAL);
        assertThat(ResultWriter.readRecords(a, "visits")).isEqualTo(r1.modules().get(0).records());
        String csv = Files.readString(a.resolve("timeline.csv"));
        assertThat(csv.lines().toList()).first().isEqualTo("utc_time,module,event,data");
        // Evidence text starting with '=' must not become a spreadsheet formula.
        assertThat(csv).contains("visit =HYPERLINK(\"\"http://x\"\")");
        assertThat(ResultWriter.csv("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(ResultWriter.csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ResultWriter.csv("a,\"b\"\nc")).isEqualTo("\"a,\"\"b\"\"\nc\"");
        RunInfo ri = ResultWriter.readRunInfo(a);
        assertThat(ri.modules()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("ok");
            assertThat(m.records()).isEqualTo(3);
            assertThat(m.alerts()).isEqualTo(1);
        });
        assertThat(ri.alertsByLevel()).containsEntry("CRITICAL", 1).containsEntry("HIGH", 0);
    }
}
