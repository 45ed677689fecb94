package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.samples.ios.system.DataUsageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NetUsageTest {
    @TempDir
    Path dir;

    private Path write(String logical, byte[] data) throws Exception {
        Path p = dir.resolve(logical);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    @Test
    void recordsBinaryPresenceAndAlertsOnMissingBinaries() throws Exception {
        Instant t = Instant.parse("2023-05-20T08:00:00Z");
        write(DataUsageBuilder.NETUSAGE_PATH, new DataUsageBuilder()
                .process(1, "mDNSResponder", null, t, t)
                .process(2, "unknownd", null, t.plusSeconds(10), t.plusSeconds(20))
                .process(3, "Safari", "com.apple.mobilesafari", t, t)
                .usage(1, 2L, t.plusSeconds(20), 10, 20, 0, 0)
                .build());
        write("usr/sbin/mDNSResponder", new byte[] {1});
        try (DirectorySource src = new DirectorySource(dir, "ios-fs")) {
            ModuleResult r = TestSupport.runOne(src, TestSupport.pegasus(), new NetUsage());
            assertThat(r.status()).isEqualTo(ModuleStatus.OK);
            assertThat(r.records()).hasSize(3);
            assertThat(r.records().get(0).str("proc_name")).isEqualTo("unknownd");
            assertThat(r.records().get(0).get("binary_present")).isEqualTo(false);
            assertThat(r.records().get(1).get("binary_present")).isEqualTo(true);
            assertThat(r.records().get(2).has("binary_present")).isFalse();
            assertThat(r.alerts()).singleElement().satisfies(a -> {
                assertThat(a.level()).isEqualTo(Level.MEDIUM);
                assertThat(a.message()).isEqualTo("Process unknownd used the network but has no app bundle id and no binary of that name on disk");
            });
        }
    }

    @Test
    void withoutSystemBinariesPresenceIsUnknownAndPegasusProcessStillMatches() throws Exception {
        write(DataUsageBuilder.NETUSAGE_PATH, DataUsageBuilder.demoNetUsage());
        try (DirectorySource src = new DirectorySource(dir, "ios-fs")) {
            ModuleResult r = TestSupport.runOne(src, TestSupport.pegasus(), new NetUsage());
            assertThat(r.records()).hasSize(2).allSatisfy(x -> assertThat(x.has("binary_present")).isFalse());
            assertThat(r.warnings()).anyMatch(w -> w.contains("no system binaries"));
            assertThat(r.alerts()).extracting(Alert::message)
                    .containsExactly("Process roleaccountd in netusage.sqlite matches a known indicator of NSO Group Pegasus: roleaccountd");
        }
    }
}
