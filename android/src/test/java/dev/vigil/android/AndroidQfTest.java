package dev.vigil.android;

import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.util.Json;
import dev.vigil.samples.android.AdbBackupWriter;
import dev.vigil.samples.android.AgeWriter;
import dev.vigil.samples.android.AndroidQfBuilder;
import dev.vigil.samples.android.DemoAndroid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.android.Runs.alerts;
import static dev.vigil.android.Runs.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AndroidQfTest {
    static RunResult zip;
    static Path zipPath;

    @BeforeAll
    static void run(@TempDir Path dir) throws Exception {
        zipPath = AndroidQfBuilder.zip(dir.resolve("aqf.zip"), AndroidQfBuilder.Options.full());
        zip = Runs.run(new AndroidQfType(), zipPath, new CheckOptions(), TestIocs.android());
    }

    static final Map<String, Integer> COUNTS = Map.ofEntries(Map.entry("packages", 6), Map.entry("processes", 4), Map.entry("files", 4),
            Map.entry("root_binaries", 1), Map.entry("mounts", 4), Map.entry("sms", 4), Map.entry("apk_signatures", 2),
            Map.entry("settings", 14), Map.entry("app_permission_profile", 4), Map.entry("getprop", 18), Map.entry("tombstones", 3),
            // dumpsys.txt and the nested bugreport both give records
            Map.entry("dumpsys_accessibility", 4), Map.entry("dumpsys_packages", 10), Map.entry("dumpsys_appops", 8),
            Map.entry("dumpsys_battery_daily", 12), Map.entry("dumpsys_platform_compat", 4), Map.entry("dumpsys_adb_state", 2),
            Map.entry("dns_event", 2), Map.entry("connect_event", 2), Map.entry("security_event", 4));

    @Test
    void allModulesOkWithExactCounts() {
        assertThat(zip.modules()).allSatisfy(m -> assertThat(m.status()).as(m.slug() + " " + m.error()).isEqualTo(ModuleStatus.OK));
        COUNTS.forEach((slug, n) -> assertThat(records(zip, slug)).as(slug).hasSize(n));
        assertThat(records(zip, "dumpsys_packages")).extracting(r -> r.str("source")).containsOnly("dumpsys.txt",
                "bugreport/bugreport-oriole-UP1A.231105.003-2024-11-20-10-00-00.txt");
    }

    @Test
    void packagesJsonChecks() {
        List<Record> p = records(zip, "packages");
        assertThat(p).extracting(r -> r.str("package_name")).containsExactly("com.android.settings", "com.whatsapp", DemoAndroid.NOVISPY_APP,
                DemoAndroid.STALKERWARE_APP, "com.topjohnwu.magisk", "com.wssyncmldm");
        assertThat(p.get(2).get("files").toString()).contains("cert_sha256=" + DemoAndroid.NOVISPY_CERT);
        assertThat(alerts(zip, "packages")).extracting(Alert::level, Alert::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Level.CRITICAL, "Installed package com.serv.services matches a known indicator of NoviSpy: com.serv.services"),
                org.assertj.core.groups.Tuple.tuple(Level.CRITICAL, "Installed package com.thetruth matches a known indicator of Stalkerware: TheTruthSpy: com.thetruth"),
                org.assertj.core.groups.Tuple.tuple(Level.MEDIUM, "Installed package related to rooting: com.topjohnwu.magisk"),
                org.assertj.core.groups.Tuple.tuple(Level.HIGH, "Security or system-update package disabled: com.wssyncmldm"));
    }

    @Test
    void installerHeuristicsAndCertificateIndicators() {
        var iocs = dev.vigil.core.ioc.Indicators.of(new dev.vigil.core.ioc.Indicator(dev.vigil.core.ioc.IndicatorType.CERT_SHA256,
                DemoAndroid.NOVISPY_CERT, "NoviSpy", "test", null));
        var checker = new dev.vigil.core.module.Checker("packages", iocs);
        new dev.vigil.android.modules.Packages().check(records(zip, "packages"), checker);
        assertThat(checker.alerts()).extracting(Alert::message).containsExactly(
                "Signing certificate of package com.serv.services matches a known indicator of NoviSpy: " + DemoAndroid.NOVISPY_CERT,
                "Package com.thetruth was installed from a browser (com.android.chrome)",
                "Installed package related to rooting: com.topjohnwu.magisk",
                "Security or system-update package disabled: com.wssyncmldm");
    }

    @Test
    void processesFilesMountsRootAndSms() {
        assertThat(records(zip, "processes").get(3).fields()).containsEntry("proc_name", DemoAndroid.CAMPAIGN_FILE).containsEntry("uid", 2000L);
        assertThat(alerts(zip, "processes")).hasSize(2).allSatisfy(a -> assertThat(a.level()).isEqualTo(Level.CRITICAL));
        assertThat(records(zip, "files").get(0).fields()).containsEntry("path", DemoAndroid.CAMPAIGN_FILE)
                .containsEntry("modified_time", "2024-11-19T07:06:40Z").containsEntry("size", 88120L);
        assertThat(alerts(zip, "files")).extracting(Alert::level).containsExactly(Level.CRITICAL, Level.MEDIUM);
        assertThat(alerts(zip, "mounts")).singleElement().satisfies(a -> assertThat(a.message()).isEqualTo("System partition /system_ext is mounted read-write"));
        assertThat(alerts(zip, "root_binaries")).singleElement().satisfies(a -> assertThat(a.level()).isEqualTo(Level.HIGH));
        List<Record> sms = records(zip, "sms");
        assertThat(sms).extracting(r -> r.str("kind")).containsExactly("sms", "sms", "sms", "mms");
        assertThat(sms.get(0).fields()).containsEntry("timestamp", "2024-11-19T13:01:03Z").containsEntry("address", "+381601234567");
        assertThat(sms.get(3).fields()).containsEntry("timestamp", "2024-11-19T18:30:00Z").containsEntry("body", "Photo from the meeting");
        assertThat(alerts(zip, "sms")).extracting(a -> a.matchedIndicator().collection())
                .containsExactly("MercenarySpywareCampaign", "Stalkerware: TheTruthSpy");
    }

    @Test
    void getpropUsesTheAcquisitionDate() {
        Record r = records(zip, "getprop").stream().filter(x -> "ro.build.version.security_patch".equals(x.str("name"))).findFirst().orElseThrow();
        assertThat(r.fields()).containsEntry("reference_date", "2024-11-20").containsEntry("reference_date_source", "acquisition.json started")
                .containsEntry("source", "getprop.txt");
    }

    @Test
    void folderAndAgeEncryptedZipGiveTheSameRecords(@TempDir Path dir) throws Exception {
        RunResult folder = Runs.run(new AndroidQfType(), AndroidQfBuilder.folder(dir.resolve("aqf"), AndroidQfBuilder.Options.full()),
                new CheckOptions(), TestIocs.android());
        Path age = AndroidQfBuilder.ageZip(dir.resolve("aqf.zip.age"), AndroidQfBuilder.Options.full());
        assertThat(new AndroidQfType().detect(age)).isTrue();
        RunResult dec = Runs.run(new AndroidQfType(), age, new CheckOptions().file(AndroidQfType.AGE_IDENTITY,
                AgeWriter.identityFile(dir.resolve("key.txt"))), TestIocs.android());
        for (var m : zip.modules()) {
            if (m.slug().equals("tombstones") || m.slug().equals("apk_signatures")) continue;
            assertThat(records(folder, m.slug())).as("folder " + m.slug()).isEqualTo(m.records());
        }
        COUNTS.forEach((slug, n) -> assertThat(records(dec, slug)).as("age " + slug).hasSize(n));
    }

    @Test
    void ageNeedsTheRightIdentity(@TempDir Path dir) throws Exception {
        Path age = AndroidQfBuilder.ageZip(dir.resolve("aqf.zip.age"), new AndroidQfBuilder.Options(false, null, null, false));
        assertThatThrownBy(() -> new AndroidQfType().open(age, new CheckOptions())).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("--age-identity");
        var other = new com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator().generateKeyPair();
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), other.getPrivate().toString() + "\n");
        assertThatThrownBy(() -> new AndroidQfType().open(age, new CheckOptions().file(AndroidQfType.AGE_IDENTITY, wrong)))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("Cannot decrypt");
        Path garbage = Files.writeString(dir.resolve("garbage.txt"), "not a key\n");
        assertThatThrownBy(() -> new AndroidQfType().open(age, new CheckOptions().file(AndroidQfType.AGE_IDENTITY, garbage)))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("no age X25519 identity");
        byte[] all = Files.readAllBytes(age);
        Path cut = Files.write(dir.resolve("cut.zip.age"), java.util.Arrays.copyOf(all, all.length - 40));
        assertThatThrownBy(() -> new AndroidQfType().open(cut, new CheckOptions().file(AndroidQfType.AGE_IDENTITY,
                AgeWriter.identityFile(dir.resolve("k.txt"))))).isInstanceOfAny(EvidenceException.class, java.io.IOException.class);
    }

    @Test
    void encryptedBackupInsideNeedsThePassword(@TempDir Path dir) throws Exception {
        Path p = AndroidQfBuilder.folder(dir.resolve("aqf"), new AndroidQfBuilder.Options(false, AdbBackupWriter.Mode.ENCRYPTED, "s3cret", false));
        RunResult ok = Runs.run(new AndroidQfType(), p, new CheckOptions().password("s3cret"::toCharArray), TestIocs.android());
        assertThat(records(ok, "sms")).hasSize(4);
        RunResult none = Runs.run(new AndroidQfType(), p, new CheckOptions(), TestIocs.android());
        assertThat(Runs.module(none, "sms").status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(Runs.module(none, "sms").error()).contains("encrypted adb backup");
        assertThat(Runs.module(none, "packages").status()).isEqualTo(ModuleStatus.OK);
        assertThatThrownBy(() -> new AndroidQfType().open(p, new CheckOptions().password("nope"::toCharArray)))
                .isInstanceOf(EvidenceException.class).hasMessageStartingWith("Wrong password");
    }

    @Test
    void deterministic(@TempDir Path dir) throws Exception {
        RunResult again = Runs.run(new AndroidQfType(), zipPath, new CheckOptions(), TestIocs.android());
        assertThat(Json.MAPPER.writeValueAsString(again.modules())).isEqualTo(Json.MAPPER.writeValueAsString(zip.modules()));
    }
}
