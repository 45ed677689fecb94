package dev.vigil.ios.modules.system;

import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.system.DataUsageBuilder;
import dev.vigil.samples.ios.system.TccBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TccTest {
    @Test
    void parsesIos14LayoutAndAlertsOnPegasusProcessPath() throws Exception {
        IosFiles fs = new IosFiles();
        TccBuilder.plantDemo(fs);
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-backup").put(TccBuilder.PATH, fs.get(TccBuilder.PATH)), TestSupport.pegasus(), new Tcc());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).hasSize(4);
        Record first = r.records().get(0);
        assertThat(first.fields()).containsEntry("timestamp", "2023-04-02T12:00:00Z").containsEntry("service", "kTCCServiceCamera")
                .containsEntry("service_name", "Camera").containsEntry("client", "net.whatsapp.WhatsApp")
                .containsEntry("client_type", "bundle_id").containsEntry("auth_value", "allowed").containsEntry("auth_reason", "user consent");
        assertThat(r.records().get(1).str("auth_value")).isEqualTo("allowed");
        assertThat(r.records().get(2).str("auth_value")).isEqualTo("limited");
        Record spy = r.records().get(3);
        assertThat(spy.str("client_type")).isEqualTo("absolute_path");
        assertThat(spy.str("auth_reason")).isEqualTo("system set");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.CRITICAL);
            assertThat(a.message()).isEqualTo("TCC permission holder /private/var/tmp/msgacntd (Microphone, allowed) matches a known indicator of NSO Group Pegasus: msgacntd");
            assertThat(a.eventTime()).isEqualTo("2023-05-20T08:31:45Z");
        });
    }

    @Test
    void parsesIos13LayoutWithAllowedAndPromptCount() throws Exception {
        Instant t = Instant.parse("2020-02-02T10:00:00Z");
        byte[] db = new TccBuilder(true).row("kTCCServiceAddressBook", "com.example.app", 0, 0, 0, t)
                .row("kTCCServiceMicrophone", "bh", 0, 2, 0, t.plusSeconds(1)).build();
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(TccBuilder.PATH, db), TestSupport.pegasus(), new Tcc());
        assertThat(r.records()).hasSize(2);
        assertThat(r.records().get(0).fields()).containsEntry("auth_value", "denied").containsEntry("prompt_count", 1L)
                .containsEntry("service_name", "Contacts").containsEntry("auth_reason", null);
        assertThat(r.records().get(1).str("auth_value")).isEqualTo("allowed");
        assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.matchedIndicator().value()).isEqualTo("bh"));
    }

    @Test
    void truncatedDatabaseFailsAloneWhileDataUsageGoesOn() throws Exception {
        IosFiles fs = new IosFiles();
        TccBuilder.plantDemo(fs);
        byte[] tcc = fs.get(TccBuilder.PATH);
        var src = TestSupport.source("ios-backup").put(TccBuilder.PATH, Arrays.copyOf(tcc, 2048))
                .put(DataUsageBuilder.DATAUSAGE_PATH, DataUsageBuilder.demoDataUsage());
        RunResult run = TestSupport.run(src, TestSupport.pegasus(), List.of(new Tcc(), new DataUsage()), List.of());
        assertThat(run.modules().get(0).status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(run.modules().get(0).error()).contains("TCC.db");
        assertThat(run.modules().get(1).status()).isEqualTo(ModuleStatus.OK);
        assertThat(run.modules().get(1).records()).hasSize(6);
    }
}
