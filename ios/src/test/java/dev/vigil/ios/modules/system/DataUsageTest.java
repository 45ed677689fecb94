package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.ios.system.DataUsageBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataUsageTest {
    @Test
    void parsesEveryRowOfTheDemoDatabase() throws Exception {
        MemorySource src = TestSupport.source("ios-backup").put(DataUsageBuilder.DATAUSAGE_PATH, DataUsageBuilder.demoDataUsage());
        ModuleResult r = TestSupport.runOne(src, TestSupport.pegasus(), new DataUsage());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        // 4 usage rows (one of a deleted process) + processes 5 and 6 without usage
        assertThat(r.records()).hasSize(6);
        assertThat(r.records()).extracting(x -> x.str("kind"))
                .containsExactly("usage", "usage", "usage", "usage_without_process", "process", "process");
        Record bh = r.records().get(2);
        assertThat(bh.str("proc_name")).isEqualTo("bh");
        assertThat(bh.get("bundle_id")).isNull();
        assertThat(bh.num("proc_id", -1)).isEqualTo(3);
        assertThat(bh.str("timestamp")).isEqualTo("2023-05-20T08:32:00Z");
        assertThat(bh.str("process_first_timestamp")).isEqualTo("2023-05-20T08:31:00Z");
        assertThat(bh.num("wifi_out", -1)).isEqualTo(17_800_000);
        assertThat(bh.num("wwan_in", -1)).isEqualTo(0);
        assertThat(r.records().get(0).str("bundle_id")).isEqualTo("com.apple.mobilesafari");
        assertThat(r.records().get(3).num("live_proc_id", -1)).isEqualTo(9);
        assertThat(r.records().get(3).get("proc_name")).isNull();
        assertThat(r.warnings()).anyMatch(w -> w.contains("1 usage rows point at process rows that no longer exist"));
        assertThat(r.artifacts()).containsExactly(DataUsageBuilder.DATAUSAGE_PATH);
        assertThat(bh.bool("first_row_of_process")).isTrue();
        // 6 record times + first use of Safari, identityservicesd, bh (usage rows) and com.apple.rappo, mDNSResponder (process rows)
        assertThat(r.timeline()).hasSize(11);
        assertThat(r.timeline()).anySatisfy(e -> {
            assertThat(e.time()).isEqualTo("2023-05-20T08:31:00Z");
            assertThat(e.data()).isEqualTo("First network use by bh");
        });
    }

    @Test
    void alertsOnPegasusProcessesIncludingTruncatedNamesDeletedRowsAndGaps() throws Exception {
        MemorySource src = TestSupport.source("ios-backup").put(DataUsageBuilder.DATAUSAGE_PATH, DataUsageBuilder.demoDataUsage());
        ModuleResult r = TestSupport.runOne(src, TestSupport.pegasus(), new DataUsage());
        List<Alert> iocs = r.alerts().stream().filter(a -> a.matchedIndicator() != null).toList();
        assertThat(iocs).hasSize(2);
        assertThat(iocs.get(0).level()).isEqualTo(Level.CRITICAL);
        assertThat(iocs.get(0).message()).isEqualTo("Process bh in DataUsage.sqlite matches a known indicator of NSO Group Pegasus: bh");
        assertThat(iocs.get(0).matchedIndicator().type()).isEqualTo("process:name");
        assertThat(iocs.get(0).eventTime()).isEqualTo("2023-05-20T08:32:00Z");
        assertThat(iocs.get(1).matchedIndicator().value()).isEqualTo("com.apple.rapports.events");
        assertThat(iocs.get(1).matchedIndicator().match()).startsWith("truncated process name");
        assertThat(iocs.get(1).message()).contains("com.apple.rappo");

        List<Alert> heur = r.alerts().stream().filter(a -> a.matchedIndicator() == null).toList();
        assertThat(heur).extracting(Alert::level, Alert::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.MEDIUM, "Network usage row 4 in DataUsage.sqlite points at process id 9 whose process row no longer exists"),
                org.assertj.core.groups.Tuple.tuple(Level.LOW, "Process id 4 is missing from DataUsage.sqlite (a deleted process row)"));
        assertThat(heur).allSatisfy(a -> {
            assertThat(a.why()).isNotBlank();
            assertThat(a.caveat()).isNotBlank();
        });
        assertThat(heur.get(1).event().str("previous_process_first_timestamp")).isEqualTo("2023-05-20T08:31:00Z");
    }

    @Test
    void gapOfSeveralRowsIsMediumAndNoGapNoAlert() throws Exception {
        Instant t = Instant.parse("2022-01-01T00:00:00Z");
        byte[] db = new DataUsageBuilder().legacy()
                .process(1, "a", "x.a", t, t).process(2, "b", "x.b", t, t).process(7, "c", "x.c", t, t).build();
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(DataUsageBuilder.DATAUSAGE_PATH, db), TestSupport.pegasus(), new DataUsage());
        assertThat(r.records()).hasSize(3).allSatisfy(x -> assertThat(x.get("process_first_timestamp")).isNull());
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.MEDIUM);
            assertThat(a.message()).isEqualTo("Process ids 3 to 6 (4 rows) are missing from DataUsage.sqlite (deleted process rows)");
        });
        byte[] clean = new DataUsageBuilder().process(1, "a", "x.a", t, t).process(2, "b", "x.b", t, t).build();
        assertThat(TestSupport.runOne(TestSupport.source("ios-fs").put(DataUsageBuilder.DATAUSAGE_PATH, clean), TestSupport.pegasus(), new DataUsage()).alerts()).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "com.apple.rappo, com.apple.rapports.events, true",
            "com.apple.rappor, com.apple.rapports.events, true",
            "CommsCenterRoot, CommsCenterRootHelper, true",
            "contextstoremgrd, contextstoremgrd, false",
            "powerd/roleaccountd, roleaccountd, false"})
    void processNamesMatchIncludingIosTruncationAndNameBundleForms(String stored, String indicator, boolean truncated) throws Exception {
        Instant t = Instant.parse("2022-01-01T00:00:00Z");
        byte[] db = new DataUsageBuilder().process(1, stored, null, t, t).build();
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(DataUsageBuilder.DATAUSAGE_PATH, db), TestSupport.pegasus(), new DataUsage());
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.matchedIndicator().value()).isEqualTo(indicator);
            assertThat(a.matchedIndicator().match() != null && a.matchedIndicator().match().startsWith("truncated process name")).isEqualTo(truncated);
            assertThat(a.message()).startsWith("Process " + stored + " in DataUsage.sqlite matches");
        });
    }

    @Test
    void lookalikeNamesDoNotMatch() throws Exception {
        Instant t = Instant.parse("2022-01-01T00:00:00Z");
        byte[] db = new DataUsageBuilder().process(1, "bhx", null, t, t).process(2, "com.apple.rapp", null, t, t).process(3, "xbh/ybh", null, t, t).build();
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(DataUsageBuilder.DATAUSAGE_PATH, db), TestSupport.pegasus(), new DataUsage());
        assertThat(r.records()).hasSize(3);
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void usageRowWithoutProcessLinkIsLow() throws Exception {
        Instant t = Instant.parse("2022-01-01T00:00:00Z");
        byte[] db = new DataUsageBuilder().process(1, "a", "x.a", t, t).usage(1, 1L, t, 1, 1, 0, 0).usage(2, null, t.plusSeconds(5), 1, 1, 0, 0).build();
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(DataUsageBuilder.DATAUSAGE_PATH, db), TestSupport.pegasus(), new DataUsage());
        assertThat(r.records()).extracting(x -> x.str("kind")).containsExactly("usage", "usage_without_process");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.LOW);
            assertThat(a.message()).isEqualTo("Network usage row 2 in DataUsage.sqlite is not linked to any process");
        });
    }

    @Test
    void bundleIdMatchesAppIdIndicator() {
        Instant t = Instant.parse("2022-01-01T00:00:00Z");
        byte[] db = new DataUsageBuilder().process(1, "Spy", "com.evil.spy", t, t).build();
        var ind = dev.vigil.core.ioc.Indicators.of(new dev.vigil.core.ioc.Indicator(dev.vigil.core.ioc.IndicatorType.APP_ID, "com.evil.spy", "Test", "test", null));
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(DataUsageBuilder.DATAUSAGE_PATH, db), ind, new DataUsage());
        assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.message()).isEqualTo("App bundle id com.evil.spy in DataUsage.sqlite matches a known indicator of Test: com.evil.spy"));
    }

    @Test
    void corruptDatabaseIsAClearErrorWhileOtherModulesGoOn() throws Exception {
        byte[] good = DataUsageBuilder.demoDataUsage();
        byte[] truncated = Arrays.copyOf(good, 1500);
        MemorySource src = TestSupport.source("ios-fs")
                .put(DataUsageBuilder.DATAUSAGE_PATH, truncated)
                .put(DataUsageBuilder.NETUSAGE_PATH, DataUsageBuilder.demoNetUsage());
        RunResult run = TestSupport.run(src, TestSupport.pegasus(), List.of(new DataUsage(), new NetUsage()), List.of());
        ModuleResult du = run.modules().get(0);
        assertThat(du.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(du.error()).contains("DataUsage.sqlite");
        assertThat(run.modules().get(1).status()).isEqualTo(ModuleStatus.OK);
        assertThat(run.modules().get(1).records()).hasSize(2);

        MemorySource notDb = TestSupport.source("ios-fs").put(DataUsageBuilder.DATAUSAGE_PATH, "hello".repeat(40).getBytes());
        ModuleResult bad = TestSupport.runOne(notDb, TestSupport.pegasus(), new DataUsage());
        assertThat(bad.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(bad.error()).contains("not a SQLite database");
    }

    @Test
    void rowsOnlyInTheWalAreRead() throws Exception {
        double t = dev.vigil.samples.ios.system.SqliteFile.cocoa(Instant.parse("2023-05-20T08:31:00Z"));
        var files = dev.vigil.samples.ios.system.SqliteFile.buildWithWal(c -> {
            dev.vigil.samples.ios.system.SqliteFile.exec(c, "CREATE TABLE ZPROCESS (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                    + "ZFIRSTTIMESTAMP TIMESTAMP, ZTIMESTAMP TIMESTAMP, ZBUNDLENAME VARCHAR, ZPROCNAME VARCHAR);"
                    + "CREATE TABLE ZLIVEUSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZHASPROCESS INTEGER, ZTIMESTAMP TIMESTAMP, "
                    + "ZWIFIIN FLOAT, ZWIFIOUT FLOAT, ZWWANIN FLOAT, ZWWANOUT FLOAT)");
            dev.vigil.samples.ios.system.SqliteFile.insert(c, "INSERT INTO ZPROCESS VALUES (1, 7, 1, ?, ?, 'com.apple.mobilesafari', 'MobileSafari')", t, t);
        }, c -> dev.vigil.samples.ios.system.SqliteFile.insert(c, "INSERT INTO ZPROCESS VALUES (2, 7, 1, ?, ?, NULL, 'roleaccountd')", t + 60, t + 60));
        assertThat(files.wal().length).isGreaterThan(32);
        MemorySource src = TestSupport.source("ios-backup").put(DataUsageBuilder.DATAUSAGE_PATH, files.db())
                .put(DataUsageBuilder.DATAUSAGE_PATH + "-wal", files.wal());
        ModuleResult r = TestSupport.runOne(src, TestSupport.pegasus(), new DataUsage());
        assertThat(r.records()).extracting(x -> x.str("proc_name")).containsExactly("MobileSafari", "roleaccountd");
        assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.matchedIndicator().value()).isEqualTo("roleaccountd"));
        // without the WAL the planted row is not there: the test would fail if the WAL were ignored
        ModuleResult noWal = TestSupport.runOne(TestSupport.source("ios-backup").put(DataUsageBuilder.DATAUSAGE_PATH, files.db()),
                TestSupport.pegasus(), new DataUsage());
        assertThat(noWal.records()).hasSize(1);
    }

    @Test
    void absentDatabaseIsNotFound() throws Exception {
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs"), TestSupport.pegasus(), new DataUsage());
        assertThat(r.status()).isEqualTo(ModuleStatus.NOT_FOUND);
    }
}
