package dev.vigil.android;

import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.samples.android.DemoAndroid;
import dev.vigil.samples.android.IntrusionLogsBuilder;
import dev.vigil.samples.android.Zips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IntrusionLogsTest {
    @Test
    void dnsConnectAndSecurityEvents(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("logs");
        Zips.folder(IntrusionLogsBuilder.files(), logs);
        assertThat(new IntrusionLogsType().detect(logs)).isTrue();
        assertThat(new BugreportType().detect(logs)).isFalse();
        RunResult r = Runs.run(new IntrusionLogsType(), logs, new CheckOptions(), TestIocs.android());
        assertThat(r.modules()).allSatisfy(m -> assertThat(m.status()).as(m.slug()).isEqualTo(ModuleStatus.OK));
        assertThat(Runs.records(r, "dns_event")).hasSize(2);
        assertThat(Runs.records(r, "dns_event").get(1).fields()).containsEntry("hostname", DemoAndroid.CAMPAIGN_DOMAIN)
                .containsEntry("timestamp", "2024-11-19T13:01:03.500Z").containsEntry("ip_addresses", java.util.List.of("185.1.2.3"));
        assertThat(Runs.alerts(r, "dns_event")).singleElement().satisfies(a -> assertThat(a.matchedIndicator().collection()).isEqualTo("MercenarySpywareCampaign"));
        assertThat(Runs.records(r, "connect_event")).extracting(x -> x.str("ip_address")).containsExactly(IntrusionLogsBuilder.RESIDENTBAT_IP, "::1");
        assertThat(Runs.alerts(r, "connect_event")).singleElement().satisfies(a -> assertThat(a.matchedIndicator().value()).isEqualTo(IntrusionLogsBuilder.RESIDENTBAT_IP));
        // event 6 appears in both daily files and is kept once
        assertThat(Runs.records(r, "security_event")).extracting(x -> x.str("tag"))
                .containsExactly("adb_sync_send_file", "package_installed", "cert_authority_installed", "app_process_start");
        assertThat(Runs.alerts(r, "security_event")).extracting(Alert::level).containsExactly(Level.CRITICAL, Level.CRITICAL, Level.MEDIUM);
    }

    @Test
    void brokenLinesAreWarningsAndOtherFilesStillRead(@TempDir Path dir) throws Exception {
        Map<String, byte[]> f = new LinkedHashMap<>(IntrusionLogsBuilder.files());
        f.put("intrusion_log_broken.txt", "{\"dns_event\": {\"hostname\": \"x\"\nnot json at all\n[1,2]\n".getBytes());
        Path zip = dir.resolve("logs.zip");
        Files.write(zip, Zips.zip(f));
        RunResult r = Runs.run(new IntrusionLogsType(), zip, new CheckOptions(), TestIocs.android());
        assertThat(Runs.records(r, "dns_event")).hasSize(2);
        assertThat(Runs.module(r, "dns_event").warnings()).anySatisfy(w -> assertThat(w).startsWith("intrusion_log_broken.txt line 1: not JSON"))
                .anySatisfy(w -> assertThat(w).isEqualTo("intrusion_log_broken.txt: 3 lines could not be read"));
    }
}
