package dev.vigil.android;

import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.samples.android.BugreportBuilder;
import dev.vigil.samples.android.DemoAndroid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.vigil.android.Runs.alerts;
import static dev.vigil.android.Runs.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BugreportTest {
    static RunResult result;

    @BeforeAll
    static void run(@TempDir Path dir) throws Exception {
        result = Runs.run(new BugreportType(), BugreportBuilder.zip(dir.resolve("bugreport.zip")), new CheckOptions(), TestIocs.android());
    }

    @Test
    void everyModuleRanAndCountsAreExact() {
        assertThat(result.modules()).allSatisfy(m -> assertThat(m.status()).as(m.slug() + " " + m.error()).isEqualTo(ModuleStatus.OK));
        Map<String, Integer> expected = Map.ofEntries(Map.entry("dumpsys_accessibility", 2), Map.entry("dumpsys_activities", 3),
                Map.entry("dumpsys_adb_state", 1), Map.entry("dumpsys_appops", 4), Map.entry("dumpsys_battery_daily", 6),
                Map.entry("dumpsys_battery_history", 3), Map.entry("dumpsys_dbinfo", 2), Map.entry("dumpsys_packages", 5),
                Map.entry("dumpsys_platform_compat", 2), Map.entry("dumpsys_receivers", 3), Map.entry("getprop", 9),
                Map.entry("settings", 6), Map.entry("tombstones", 3), Map.entry("app_permission_profile", 3));
        expected.forEach((slug, n) -> assertThat(records(result, slug)).as(slug).hasSize(n));
    }

    @Test
    void accessibilityServicesWithEnabledFlag() {
        List<Record> r = records(result, "dumpsys_accessibility");
        assertThat(r.get(0).fields()).containsEntry("package_name", "com.google.android.marvin.talkback").containsEntry("enabled", false)
                .containsEntry("installed", true);
        assertThat(r.get(1).fields()).containsEntry("package_name", DemoAndroid.NOVISPY_APP).containsEntry("service", DemoAndroid.NOVISPY_APP + "/.AccService")
                .containsEntry("enabled", true);
        Alert a = alerts(result, "dumpsys_accessibility").get(0);
        assertThat(a.level()).isEqualTo(Level.CRITICAL);
        assertThat(a.matchedIndicator().collection()).isEqualTo("NoviSpy");
    }

    @Test
    void packagesParsedWithPermissionsAndTimes() {
        Map<String, Object> p = Runs.first(result, "dumpsys_packages", "package_name", DemoAndroid.NOVISPY_APP);
        assertThat(p).containsEntry("version_name", "1.0").containsEntry("version_code", "1")
                .containsEntry("first_install_time", "2024-11-18T23:41:07Z").containsEntry("code_path", "/data/app/~~cc2==/com.serv.services-dd2==");
        assertThat(Runs.records(result, "dumpsys_packages").get(2).strings("requested_permissions")).hasSize(5).contains("android.permission.READ_SMS");
        assertThat(p.get("permissions").toString()).contains("name=android.permission.READ_CALL_LOG, type=runtime, granted=true");
        assertThat(Runs.first(result, "dumpsys_packages", "package_name", DemoAndroid.STALKERWARE_APP)).containsEntry("installer", "com.android.chrome");
        assertThat(alerts(result, "dumpsys_packages")).extracting(Alert::message).containsExactly(
                "Installed package com.serv.services matches a known indicator of NoviSpy: com.serv.services",
                "Installed package com.thetruth matches a known indicator of Stalkerware: TheTruthSpy: com.thetruth",
                "Installed package related to rooting: com.topjohnwu.magisk");
    }

    @Test
    void appopsAndBatteryDaily() {
        Map<String, Object> shell = Runs.first(result, "dumpsys_appops", "package_name", "com.android.shell");
        assertThat(shell).containsEntry("uid", "2000");
        assertThat(shell.get("permissions").toString()).contains("REQUEST_INSTALL_PACKAGES").contains("timestamp=2024-11-18T23:40:55.120Z");
        assertThat(alerts(result, "dumpsys_appops")).extracting(Alert::level).containsExactly(Level.MEDIUM, Level.CRITICAL);
        List<Record> daily = records(result, "dumpsys_battery_daily");
        assertThat(daily).extracting(r -> r.str("action")).containsExactly("update", "update", "update", "update", "uninstall", "downgrade");
        assertThat(daily.get(5).fields()).containsEntry("package_name", "com.android.chrome").containsEntry("previous_version_code", 650000000L)
                .containsEntry("period_start", "2024-11-19T02:14:10Z");
        assertThat(alerts(result, "dumpsys_battery_daily")).extracting(a -> a.matchedIndicator() == null ? a.message() : a.matchedIndicator().value())
                .containsExactly("com.google.bat", "com.google.bat", "Downgrade of package com.android.chrome from version 650000000 to 640000000");
    }

    @Test
    void otherDumpsysSections() {
        assertThat(records(result, "dumpsys_battery_history")).extracting(r -> r.str("event")).containsExactly("start_job", "end_job", "start_top");
        assertThat(records(result, "dumpsys_battery_history").get(0).fields()).containsEntry("uid", "u0a234").containsEntry("service", "com.serv.services/.SyncJob");
        assertThat(records(result, "dumpsys_dbinfo").get(1).fields()).containsEntry("action", "executeForChangedRowCount").containsEntry("pid", 6123L)
                .containsEntry("sql", "DELETE FROM msgs").containsEntry("timestamp", "2024-11-19T10:01:03.004Z");
        assertThat(records(result, "dumpsys_platform_compat")).extracting(r -> r.str("package_name")).containsExactly("com.whatsapp", "com.li.activity");
        assertThat(records(result, "dumpsys_receivers").get(0).fields()).containsEntry("intent", "android.provider.Telephony.SMS_RECEIVED")
                .containsEntry("sensitive", "intercepts incoming SMS");
        assertThat(records(result, "dumpsys_activities")).extracting(r -> r.str("activity"))
                .containsExactly("com.android.settings/.Settings", "com.whatsapp/.Main", "com.serv.services/.MainActivity");
    }

    @Test
    void adbKeyFingerprintIsTheMd5OfTheKey() throws Exception {
        String key = DemoAndroid.ADB_KEY.split(" ")[0];
        String md5 = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(Base64.getDecoder().decode(key)));
        assertThat(records(result, "dumpsys_adb_state").get(0).fields()).containsEntry("fingerprint", md5)
                .containsEntry("user", "analyst@forensics-laptop");
    }

    @Test
    void getpropComparesThePatchWithTheDumpstateDate() {
        Map<String, Object> patch = Runs.first(result, "getprop", "name", "ro.build.version.security_patch");
        assertThat(patch).containsEntry("value", DemoAndroid.SECURITY_PATCH).containsEntry("reference_date", "2024-11-20");
        assertThat(alerts(result, "getprop")).extracting(Alert::level).containsExactly(Level.MEDIUM, Level.CRITICAL);
        assertThat(alerts(result, "getprop").get(1).matchedIndicator().type()).isEqualTo("android-property:name");
    }

    @Test
    void settingsFromDumpsys() {
        assertThat(records(result, "settings")).extracting(r -> r.str("namespace") + ":" + r.str("name") + "=" + r.str("value"))
                .containsExactly("global:adb_enabled=1", "global:package_verifier_enable=0", "global:stay_on_while_plugged_in=0",
                        "secure:install_non_market_apps=1", "secure:android_id=9a8b7c6d5e4f3a2b", "system:screen_brightness=102");
        assertThat(alerts(result, "settings")).extracting(Alert::level).containsExactly(Level.LOW, Level.MEDIUM, Level.MEDIUM);
    }

    @Test
    void tombstonesTextAndProtobuf() {
        List<Record> t = records(result, "tombstones");
        assertThat(t).extracting(r -> r.str("file_name")).containsExactly("FS/data/tombstones/tombstone_00",
                "FS/data/tombstones/tombstone_01.pb", "FS/data/tombstones/tombstone_02.pb");
        assertThat(t.get(0).fields()).containsEntry("format", "text").containsEntry("uid", 1000L).containsEntry("pid", 1588L)
                .containsEntry("timestamp", "2024-11-18T22:41:30.518Z").containsEntry("binary_path", "system_server");
        assertThat(t.get(0).get("signal_info").toString()).isEqualTo("{number=11, name=SIGSEGV, code=1, code_name=SEGV_MAPERR}");
        assertThat(t.get(1).fields()).containsEntry("format", "protobuf").containsEntry("uid", 10234L)
                .containsEntry("process_name", "com.serv.services:remote").containsEntry("abort_message", "stack corruption detected");
        assertThat(t.get(1).get("signal_info").toString()).isEqualTo("{number=6, name=SIGABRT, code=-1, code_name=SI_QUEUE}");
        assertThat(alerts(result, "tombstones")).extracting(Alert::level).containsExactly(Level.MEDIUM, Level.CRITICAL);
    }

    @Test
    void permissionProfileSortsSpywareShapedAppsFirst() {
        List<Record> rows = records(result, "app_permission_profile");
        assertThat(rows).extracting(r -> r.str("package_name")).containsExactly(DemoAndroid.NOVISPY_APP, DemoAndroid.STALKERWARE_APP, "com.whatsapp");
        assertThat(rows.get(0).fields()).containsEntry("score", 7L).containsEntry("accessibility", true).containsEntry("device_admin", true)
                .containsEntry("notification_listener", false).containsEntry("sms", true).containsEntry("call_log", true)
                .containsEntry("location", true).containsEntry("microphone", false);
        var checker = new dev.vigil.core.module.Checker("app_permission_profile", dev.vigil.core.ioc.Indicators.empty());
        new dev.vigil.android.modules.AppPermissionProfile().check(rows, checker);
        assertThat(checker.alerts()).singleElement().satisfies(a -> assertThat(a.message())
                .isEqualTo("Spyware-shaped permissions for com.serv.services: accessibility, device_admin + sms, call_log, location"));
    }

    @Test
    void unzippedFolderGivesTheSameRecords(@TempDir Path dir) throws Exception {
        RunResult folder = Runs.run(new BugreportType(), BugreportBuilder.folder(dir.resolve("br")), new CheckOptions(), TestIocs.android());
        for (var m : result.modules()) {
            if (m.slug().equals("tombstones")) continue; // file_timestamp differs between zip and folder
            assertThat(records(folder, m.slug())).as(m.slug()).isEqualTo(m.records());
        }
    }

    @Test
    void detectsAndRefusesOtherEvidence(@TempDir Path dir) throws Exception {
        Path zip = BugreportBuilder.zip(dir.resolve("b.zip"));
        assertThat(new BugreportType().detect(zip)).isTrue();
        assertThat(new AndroidQfType().detect(zip)).isFalse();
        Path other = dir.resolve("other.zip");
        dev.vigil.samples.android.Zips.write(Map.of("hello.txt", new byte[] {1}), Files.newOutputStream(other));
        assertThat(new BugreportType().detect(other)).isFalse();
        assertThatThrownBy(() -> new BugreportType().open(other, new CheckOptions())).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("not an Android bugreport");
    }
}
