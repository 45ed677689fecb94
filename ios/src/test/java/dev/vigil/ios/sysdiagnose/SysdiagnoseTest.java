package dev.vigil.ios.sysdiagnose;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.ios.Runs;
import dev.vigil.ios.modules.fs.ShutdownLog;
import dev.vigil.samples.ios.fs.SysdiagnoseBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SysdiagnoseTest {
    @TempDir
    Path tmp;

    static List<ArtifactModule> modules() {
        return List.of(new ShutdownLog(), new SysdiagnoseProcesses(), new CrashReports(), new DeviceInfo());
    }

    RunResult check(Path p, Indicators ind) throws Exception {
        SysdiagnoseType t = new SysdiagnoseType();
        assertThat(t.detect(p)).isTrue();
        try (EvidenceSource src = t.open(p, new CheckOptions())) {
            assertThat(src.findOne("ps.txt")).isNotNull();
            return Runs.run(src, ind, Map.of(), modules());
        }
    }

    @Test
    void sampleArchive() throws Exception {
        RunResult r = check(SysdiagnoseBuilder.build(tmp.resolve("s.tar.gz"), 0), Runs.pegasus());

        ModuleResult sd = Runs.result(r, "shutdownlog");
        assertThat(sd.status()).isEqualTo(ModuleStatus.OK);
        assertThat(sd.records()).hasSize(18);
        assertThat(sd.records().stream().filter(x -> "reboot".equals(x.str("kind")))).extracting(x -> x.str("format"))
                .containsExactly("header-indented", "header-indented", "header-indented", "ios26-uuid", "ios26-uuid", "classic");
        assertThat(sd.records().stream().filter(x -> "month".equals(x.str("kind"))))
                .extracting(x -> x.str("month") + "=" + x.str("reboots") + "/" + x.str("delayed_reboots"))
                .containsExactly("2023-04=1/0", "2023-05=4/1", "2023-06=1/0");
        Record fc = sd.records().stream().filter(x -> "/usr/sbin/filecoordinationd".equals(x.str("path"))).findFirst().orElseThrow();
        assertThat(fc.str("uuid")).hasSize(36);
        assertThat(Runs.count(sd, Level.CRITICAL)).isEqualTo(1);
        assertThat(Runs.count(sd, Level.MEDIUM)).isEqualTo(1);

        ModuleResult ps = Runs.result(r, "sysdiagnose_processes");
        assertThat(ps.records()).extracting(x -> x.str("process")).containsExactly("My App", "SpringBoard", "bh", "eventstorpd",
                "filecoordinationd", "launchd", "locationd", "mediaserverd", "nsurlsessiond", "rolexd");
        Record rolexd = ps.records().get(9);
        assertThat(rolexd.strings("seen_in")).containsExactly("ps.txt", "ps_thread.txt", "shutdown.log");
        assertThat(rolexd.strings("paths")).containsExactly(SysdiagnoseBuilder.IMPLANT);
        Record locationd = ps.records().get(6);
        assertThat(locationd.strings("seen_in")).containsExactly("ps.txt", "ps_thread.txt", "shutdown.log", "spindump-nosymbols.txt", "taskinfo.txt");
        assertThat(ps.records().get(0).strings("paths")).singleElement().asString().endsWith("My App.app/My App");
        assertThat(Runs.count(ps, Level.CRITICAL)).isEqualTo(3);
        assertThat(ps.alerts()).hasSize(3);

        ModuleResult cr = Runs.result(r, "sysdiagnose_crash_reports");
        assertThat(cr.records()).hasSize(3);
        assertThat(cr.records()).extracting(x -> x.str("process")).containsExactly("IMTranscoderAgent", "MobileSafari", "rolexd");
        assertThat(cr.records().get(0).str("timestamp")).startsWith("2023-05-29T22:10:00");
        assertThat(cr.records().get(1).str("timestamp")).startsWith("2019-11-02T10:10:10");
        assertThat(cr.records().get(2).str("path")).isEqualTo(SysdiagnoseBuilder.IMPLANT);
        assertThat(Runs.count(cr, Level.CRITICAL)).isEqualTo(1);
        assertThat(Runs.count(cr, Level.MEDIUM)).isEqualTo(1);

        ModuleResult di = Runs.result(r, "sysdiagnose_device_info");
        assertThat(di.records()).singleElement().satisfies(x -> {
            assertThat(x.str("ios_version")).isEqualTo("16.5");
            assertThat(x.str("build")).isEqualTo("20F66");
            assertThat(x.str("model")).isEqualTo("iPhone14,2");
        });
        // iOS 16.5 is older than the last iOS 16 release in the bundled, dated table.
        assertThat(di.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.MEDIUM);
            assertThat(a.message()).startsWith("The phone ran an outdated iOS version: iOS 16.5 is older than 16.");
        });
    }

    @Test
    void withoutIndicatorsProgramsInDataFoldersAreStillFlagged() throws Exception {
        RunResult r = check(SysdiagnoseBuilder.build(tmp.resolve("s.tar.gz"), 0), Indicators.empty());
        ModuleResult ps = Runs.result(r, "sysdiagnose_processes");
        assertThat(Runs.count(ps, Level.HIGH)).isEqualTo(2); // rolexd in /private/var/db, bh in /private/var/tmp
        assertThat(Runs.count(Runs.result(r, "shutdownlog"), Level.HIGH)).isEqualTo(1);
        assertThat(Runs.count(Runs.result(r, "sysdiagnose_crash_reports"), Level.MEDIUM)).isEqualTo(1);
    }

    @Test
    void corruptFilesFailTheirModuleOnly() throws Exception {
        Path p = tmp.resolve("sysdiagnose_bad.tar.gz");
        Map<String, byte[]> files = new java.util.LinkedHashMap<>(SysdiagnoseBuilder.files());
        files.put("crashes_and_spins/IMTranscoderAgent-2023-05-29-221000.ips", "{not json".getBytes(StandardCharsets.UTF_8));
        files.remove("crashes_and_spins/rolexd-2023-05-30-080000.ips");
        files.remove("crashes_and_spins/Safari-2019-11-02-101010.crash");
        files.put("ps.txt", "no header here\n1 2 3\n".getBytes(StandardCharsets.UTF_8));
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(p)))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : files.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(SysdiagnoseBuilder.TOP + e.getKey());
                te.setSize(e.getValue().length);
                t.putArchiveEntry(te);
                t.write(e.getValue());
                t.closeArchiveEntry();
            }
        }
        RunResult r = check(p, Runs.pegasus());
        ModuleResult cr = Runs.result(r, "sysdiagnose_crash_reports");
        assertThat(cr.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(cr.error()).contains("crash reports could be read");
        ModuleResult ps = Runs.result(r, "sysdiagnose_processes");
        assertThat(ps.status()).isEqualTo(ModuleStatus.OK);
        assertThat(ps.warnings()).anySatisfy(w -> assertThat(w).contains("ps.txt").contains("COMMAND"));
        assertThat(Runs.result(r, "shutdownlog").records()).hasSize(18);
    }
}
