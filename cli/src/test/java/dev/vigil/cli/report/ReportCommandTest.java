package dev.vigil.cli.report;

import dev.vigil.cli.Main;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.report.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {
    static Path results(Path dir) throws Exception {
        Record sms = Record.of("timestamp", "2021-07-14T10:00:00Z", "sender", "+41791234567", "body", "see https://evil.example/x");
        Alert a = new Alert(Level.CRITICAL, "sms", "A link in an SMS matches a known indicator of NSO Group Pegasus: evil.example",
                "2021-07-14T10:00:00Z", sms, new Alert.MatchedIndicator("domain-name", "evil.example", "NSO Group Pegasus", "test.stix2", null),
                "why", "caveat");
        ModuleResult m = new ModuleResult("sms", ModuleStatus.OK, null, List.of(sms), List.of(a),
                List.of(new TimelineEvent("2021-07-14T10:00:00Z", "sms", "sms_received", "+41791234567: see https://evil.example/x")), List.of(), List.of());
        RunResult r = new RunResult("ios-fs", "/x", List.of(m), List.of(), List.of(), List.of());
        RunInfo info = new RunInfo("vigil", "t", List.of(), "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", new RunInfo.Target("/x", "ios-fs"),
                List.of(), List.of(), ResultWriter.moduleInfo(r, Map.of("sms", "x.Sms")), List.of(), ResultWriter.countByLevel(r.alerts()));
        ResultWriter.write(dir, r, info);
        return dir;
    }

    @Test
    void writesTheReportInTheChosenLanguageAndRedacted(@TempDir Path tmp) throws Exception {
        Path dir = results(tmp.resolve("r"));
        assertThat(Main.run("report", dir.toString())).isZero();
        String en = Files.readString(dir.resolve("report.html"));
        assertThat(en).contains("Strong signs of NSO Group Pegasus").contains("+41791234567");
        assertThat(Main.run("report", dir.toString(), "--lang", "ar", "--redact")).isZero();
        String ar = Files.readString(dir.resolve("report-redacted.html"));
        assertThat(ar).contains("dir=\"rtl\"").contains("NSO Group Pegasus").doesNotContain("+41791234567");
        Path out = tmp.resolve("fr.html");
        assertThat(Main.run("report", dir.toString(), "--lang", "fr", "--output", out.toString())).isZero();
        assertThat(Files.readString(out)).contains("Signes forts de NSO Group Pegasus");
    }

    @Test
    void refusesBadInput(@TempDir Path tmp) throws Exception {
        assertThat(Main.run("report", tmp.toString())).isEqualTo(2);
        Path dir = results(tmp.resolve("r"));
        assertThat(Main.run("report", dir.toString(), "--lang", "xx")).isEqualTo(2);
    }
}
