package dev.vigil.ios.modules.system;

import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.system.AnalyticsBuilder;
import dev.vigil.samples.ios.system.AnalyticsJournalBuilder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyticsTest {
    private static final String DB = AnalyticsBuilder.DIR + "networking_analytics.db";

    private static dev.vigil.core.evidence.MemorySource demo() {
        IosFiles fs = new IosFiles();
        AnalyticsBuilder.plantDemo(fs);
        AnalyticsJournalBuilder.plantDemo(fs);
        var src = TestSupport.source("ios-fs");
        fs.entries().forEach((p, e) -> src.put(p, e.data()));
        return src;
    }

    @Test
    void analyticsEventsAndIndicators() throws Exception {
        ModuleResult r = TestSupport.runOne(demo(), TestSupport.pegasus(), new Analytics());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        // tables are read hard_failures, soft_failures, all_events
        assertThat(r.records()).extracting(x -> x.str("table"))
                .containsExactly("hard_failures", "soft_failures", "all_events", "all_events");
        Record hard = r.records().get(0);
        assertThat(hard.fields()).containsEntry("timestamp", "2023-05-20T08:31:20Z").containsEntry("database", "networking_analytics.db")
                .containsEntry("event_type", "NetworkingFailure").containsEntry("build", "20F66").containsEntry("id", 1L);
        assertThat(hard.strings("strings")).contains("bh", "smscentro.com", "20F66");
        assertThat(r.alerts()).extracting(Alert::level).containsOnly(Level.HIGH);
        assertThat(r.alerts()).extracting(a -> a.matchedIndicator().value()).containsExactlyInAnyOrder("bh", "smscentro.com");
    }

    @Test
    void iosVersionsFromAnalytics() throws Exception {
        ModuleResult r = TestSupport.runOne(demo(), TestSupport.pegasus(), new AnalyticsIosVersions());
        assertThat(r.records()).hasSize(2);
        assertThat(r.records().get(0).fields()).containsEntry("build", "20E252").containsEntry("timestamp", "2023-04-20T10:00:00Z")
                .containsEntry("last_seen", "2023-05-10T11:00:00Z").containsEntry("events", 2L);
        assertThat(r.records().get(1).fields()).containsEntry("build", "20F66").containsEntry("timestamp", "2023-05-20T08:31:20Z");
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void versionHistoryFromJournals() throws Exception {
        ModuleResult r = TestSupport.runOne(demo(), TestSupport.pegasus(), new IosVersionHistory());
        assertThat(r.records()).hasSize(2);
        assertThat(r.records().get(0).fields()).containsEntry("timestamp", "2023-04-20T10:00:00Z")
                .containsEntry("os_version", "iPhone OS 16.4.1 (20E252)").containsEntry("previous_version", null);
        assertThat(r.records().get(1).fields()).containsEntry("timestamp", "2023-05-19T09:00:00Z")
                .containsEntry("os_version", "iPhone OS 16.5 (20F66)").containsEntry("previous_version", "iPhone OS 16.4.1 (20E252)");
    }

    @Test
    void corruptAnalyticsDatabaseIsAnErrorAndJournalsGoOn() throws Exception {
        var src = demo();
        IosFiles fs = new IosFiles();
        AnalyticsBuilder.plantDemo(fs);
        src.put(DB, Arrays.copyOf(fs.get(DB), 200));
        src.put(AnalyticsJournalBuilder.DIR + "Analytics-Journal-bad.ips", "not json\n".getBytes());
        RunResult run = TestSupport.run(src, TestSupport.pegasus(), List.of(new Analytics(), new IosVersionHistory()), List.of());
        assertThat(run.modules().get(0).status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(run.modules().get(0).error()).contains("no readable analytics database");
        assertThat(run.modules().get(1).status()).isEqualTo(ModuleStatus.OK);
        assertThat(run.modules().get(1).records()).hasSize(2);
        assertThat(run.modules().get(1).warnings()).anyMatch(w -> w.contains("Analytics-Journal-bad.ips: first line is not a JSON header"));
    }
}
