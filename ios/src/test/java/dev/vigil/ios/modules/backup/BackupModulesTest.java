package dev.vigil.ios.modules.backup;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.ios.backup.BackupSource;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.backup.BackupArtifacts;
import dev.vigil.samples.ios.backup.BackupWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BackupModulesTest {
    static final String PLANTED_DOMAIN = "free247downloads.com";
    static final String PLANTED_PATH = "private/var/mobile/Library/Caches/com.apple.webkit/bh";
    static final Indicators IOCS = Indicators.of(
            new Indicator(IndicatorType.PROFILE_ID, BackupArtifacts.PREDATOR_PROFILE_UUID, "Predator", "test", null),
            new Indicator(IndicatorType.APP_ID, BackupArtifacts.PLANTED_APP, "RCS Lab", "test", null),
            new Indicator(IndicatorType.DOMAIN, PLANTED_DOMAIN, "Pegasus", "test", null),
            new Indicator(IndicatorType.FILE_PATH, "/" + PLANTED_PATH, "Pegasus", "test", null),
            new Indicator(IndicatorType.PROCESS, "MobileSafariEvil", "Test", "test", null));

    @TempDir
    static Path tmp;

    static IosFiles phone() {
        IosFiles fs = BackupArtifacts.plantDemo(new IosFiles());
        fs.put("private/var/mobile/Library/WebKit/WebsiteData/LocalStorage/https_" + PLANTED_DOMAIN + "_0.localstorage", "x");
        fs.put(PLANTED_PATH, "y");
        fs.put("private/var/mobile/Library/SMS/sms.db", "z");
        return fs;
    }

    static List<ArtifactModule> modules() {
        return List.of(new BackupInfoModule(), new ManifestModule(), new ConfigurationProfilesModule(), new ProfileEventsModule(),
                new ApplicationsModule(), new GlobalPreferencesModule());
    }

    static Map<String, ModuleResult> run(EvidenceSource s) {
        RunResult r = new CheckRunner(IOCS, Map.of(), Duration.ofMinutes(1)).run(s, modules(), List.of());
        return r.modules().stream().collect(Collectors.toMap(ModuleResult::slug, Function.identity()));
    }

    static Path plain, encrypted;

    @BeforeAll
    static void build() throws Exception {
        plain = BackupWriter.of(phone()).write(tmp.resolve("plain"));
        encrypted = BackupWriter.of(phone()).encrypted("pw", 10, 10).write(tmp.resolve("enc"));
    }

    static Map<String, ModuleResult> check(Path p, String pw) throws Exception {
        try (BackupSource s = BackupSource.open(p, new CheckOptions().password(() -> pw == null ? null : pw.toCharArray()))) {
            return run(s);
        }
    }

    static List<String> messages(ModuleResult r, Level level) {
        return r.alerts().stream().filter(a -> a.level() == level).map(Alert::message).toList();
    }

    @Test
    void backupInfo() throws Exception {
        ModuleResult r = check(plain, null).get("backup_info");
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).hasSize(1);
        Record rec = r.records().get(0);
        assertThat(rec.str("Device Name")).isEqualTo("Vigil demo iPhone");
        assertThat(rec.str("Product Type")).isEqualTo("iPhone14,5");
        assertThat(rec.str("Product Version")).isEqualTo("16.5");
        assertThat(rec.str("Build Version")).isEqualTo("20F66");
        assertThat(rec.str("Serial Number")).isEqualTo("F2LVIGILDEMO");
        assertThat(rec.str("IMEI")).isEqualTo("356789100000001");
        assertThat(rec.str("Last Backup Date")).isEqualTo("2023-06-02T08:00:00Z");
        assertThat(rec.str("timestamp")).isEqualTo("2023-06-02T08:00:00Z");
        assertThat(rec.get("installed_applications")).isEqualTo(3);
        assertThat(rec.get("encrypted")).isEqualTo(false);
        assertThat(r.alerts()).hasSize(1);
        Alert a = r.alerts().get(0);
        assertThat(a.level()).isEqualTo(Level.MEDIUM);
        assertThat(a.message()).contains("iOS 16.5 is older than 16.7.16").contains("table of " + IosVersions.bundled().asOf());
        assertThat(check(encrypted, "pw").get("backup_info").records().get(0).get("encrypted")).isEqualTo(true);
    }

    @Test
    void iosVersionTable() {
        IosVersions v = IosVersions.bundled();
        String newest = v.latest().get(26);
        assertThat(v.outdated(newest)).isEmpty();
        assertThat(v.outdated("99.0")).isEmpty();
        assertThat(v.outdated("26.0").orElseThrow().behindOwnMajor()).isTrue();
        assertThat(v.outdated(v.latest().get(18)).orElseThrow().behindOwnMajor()).isFalse();
        assertThat(v.outdated("garbage")).isEmpty();
    }

    @Test
    void manifest() throws Exception {
        ModuleResult r = check(plain, null).get("manifest");
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        try (BackupSource s = BackupSource.open(plain, new CheckOptions())) {
            // one record per Manifest.db row (no two domains of this phone share a folder)
            assertThat(r.records()).hasSize(s.rowCount()).hasSize(31);
            assertThat(r.records().stream().filter(x -> x.num("flags", 0) == 1)).hasSize((int) s.rows().stream().filter(x -> x.flags() == 1).count());
        }
        Record sms = r.records().stream().filter(x -> "Library/SMS/sms.db".equals(x.str("relative_path"))).findFirst().orElseThrow();
        assertThat(sms.str("domain")).isEqualTo("HomeDomain");
        assertThat(sms.str("path")).isEqualTo("private/var/mobile/Library/SMS/sms.db");
        assertThat(sms.str("file_id")).isEqualTo(BackupWriter.fileId("HomeDomain", "Library/SMS/sms.db"));
        assertThat(sms.str("mode")).isEqualTo("0o100644");
        assertThat(sms.num("size", -1)).isEqualTo(1);
        assertThat(sms.num("owner", -1)).isEqualTo(501);
        assertThat(sms.str("modified")).isEqualTo("2023-06-01T10:00:00Z");
        List<String> crit = messages(r, Level.CRITICAL);
        assertThat(crit).hasSize(2);
        assertThat(crit).anyMatch(m -> m.contains("/" + PLANTED_PATH));
        assertThat(crit).anyMatch(m -> m.contains("contains the domain " + PLANTED_DOMAIN));
        assertThat(r.timeline()).isNotEmpty();
        // identical records from the encrypted backup
        assertThat(check(encrypted, "pw").get("manifest").records().stream().filter(x -> x.num("flags", 0) == 1).map(x -> x.str("path")).toList())
                .isEqualTo(r.records().stream().filter(x -> x.num("flags", 0) == 1).map(x -> x.str("path")).toList());
    }

    @Test
    void configurationProfiles() throws Exception {
        ModuleResult r = check(encrypted, "pw").get("configuration_profiles");
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).hasSize(2);
        Record predator = r.records().stream().filter(x -> BackupArtifacts.PREDATOR_PROFILE_UUID.equals(x.str("payload_uuid"))).findFirst().orElseThrow();
        assertThat(predator.str("payload_identifier")).isEqualTo("com.apple.config.update");
        assertThat(predator.str("payload_organization")).isEqualTo("Apple Inc.");
        assertThat(predator.str("install_date")).isEqualTo("2023-05-30T21:14:07Z");
        assertThat((List<?>) predator.get("payloads")).hasSize(1);
        assertThat(messages(r, Level.CRITICAL)).singleElement().asString().contains(BackupArtifacts.PREDATOR_PROFILE_UUID).contains("Predator");
        assertThat(messages(r, Level.MEDIUM)).singleElement().asString().contains("Office Wi-Fi").contains("Example Org");
    }

    @Test
    void profileEvents() throws Exception {
        ModuleResult r = check(plain, null).get("profile_events");
        assertThat(r.records()).extracting(x -> x.str("profile_id") + "/" + x.str("operation") + "/" + x.str("process") + "/" + x.str("timestamp"))
                .containsExactly("org.example.mdm.wifi/install/profiled/2022-11-02T09:00:00Z",
                        "com.apple.config.update/install/MobileSafari/2023-05-30T21:14:07Z");
        assertThat(r.alerts()).isEmpty();
        Indicators procs = Indicators.of(new Indicator(IndicatorType.PROCESS, "MobileSafari", "Test", "test", null));
        var checker = new dev.vigil.core.module.Checker("profile_events", procs);
        new ProfileEventsModule().check(r.records(), checker);
        assertThat(checker.alerts()).singleElement().extracting(Alert::level).isEqualTo(Level.CRITICAL);
    }

    @Test
    void applications() throws Exception {
        ModuleResult r = check(plain, null).get("applications");
        assertThat(r.records()).extracting(x -> x.str("name")).containsExactly("com.example.sideloaded", "com.example.weather", BackupArtifacts.PLANTED_APP);
        Record weather = r.records().get(1);
        assertThat(weather.str("item_name")).isEqualTo("Weather Pro");
        assertThat(weather.str("source_app")).isEqualTo("com.apple.AppStore");
        assertThat(weather.str("purchase_date")).isEqualTo("2022-04-11T12:00:00Z");
        assertThat(weather.str("apple_id")).isEqualTo("demo@example.org");
        assertThat(r.records().get(2).bool("has_metadata")).isFalse();
        assertThat(messages(r, Level.CRITICAL)).singleElement().asString().contains(BackupArtifacts.PLANTED_APP);
        assertThat(messages(r, Level.MEDIUM)).singleElement().asString().contains("com.example.sideloaded").contains("com.rileytestut.AltStore");
        assertThat(messages(r, Level.LOW)).isEmpty(); // the planted app already has its CRITICAL alert
    }

    @Test
    void globalPreferences() throws Exception {
        ModuleResult r = check(plain, null).get("global_preferences");
        assertThat(r.records()).extracting(x -> x.str("entry")).containsExactly("AppleLanguages", "AppleLocale", "LDMGlobalEnabled");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.INFO);
            assertThat(a.message()).isEqualTo("Lockdown Mode was disabled on the device");
        });
    }

    @Test
    void fsDumpModulesWorkOnLogicalPaths() throws Exception {
        IosFiles fs = phone();
        MemorySource m = new MemorySource("ios-fs", "mem", false);
        fs.entries().values().forEach(e -> m.put(e.path(), e.data()));
        Map<String, ModuleResult> r = run(m);
        assertThat(r.get("configuration_profiles").records()).hasSize(2);
        assertThat(r.get("profile_events").records()).hasSize(2);
        assertThat(r.get("global_preferences").records()).hasSize(3);
        assertThat(r.get("backup_info").status()).isEqualTo(ModuleStatus.NOT_FOUND);
        assertThat(r.get("manifest").status()).isEqualTo(ModuleStatus.NOT_FOUND);
    }

    @Test
    void corruptInputsFailOnlyTheirModule() throws Exception {
        IosFiles fs = phone();
        fs.put("private/var/mobile/Library/Preferences/.GlobalPreferences.plist", "<?xml version=\"1.0\"?><plist><dict><key>x</key>");
        fs.put(BackupArtifacts.PROFILE_EVENTS, new byte[] {'b', 'p', 'l', 'i', 's', 't', '0', '0', 1, 2, 3});
        Path dir = BackupWriter.of(fs).write(tmp.resolve("corrupt"));
        Files.writeString(dir.resolve("Info.plist"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><plist>&e;</plist>");
        Map<String, ModuleResult> r = check(dir, null);
        assertThat(r.get("global_preferences").status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(r.get("global_preferences").error()).contains(".GlobalPreferences.plist is not a readable property list");
        assertThat(r.get("profile_events").status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(r.get("profile_events").error()).contains("MCProfileEvents.plist");
        assertThat(r.get("backup_info").status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(r.get("backup_info").error()).contains("Info.plist declares XML entities");
        assertThat(r.get("applications").status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(r.get("manifest").status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.get("configuration_profiles").status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.get("configuration_profiles").alerts()).anyMatch(a -> a.level() == Level.CRITICAL);
    }

    @Test
    void absentArtifactsAreNotFound() throws Exception {
        IosFiles fs = new IosFiles().put("private/var/mobile/Library/SMS/sms.db", "x");
        Path dir = BackupWriter.of(fs).write(tmp.resolve("bare"));
        Map<String, ModuleResult> r = check(dir, null);
        assertThat(r.get("configuration_profiles").status()).isEqualTo(ModuleStatus.NOT_FOUND);
        assertThat(r.get("profile_events").status()).isEqualTo(ModuleStatus.NOT_FOUND);
        assertThat(r.get("global_preferences").status()).isEqualTo(ModuleStatus.NOT_FOUND);
        assertThat(r.get("applications").status()).isEqualTo(ModuleStatus.NOT_FOUND);
        assertThat(r.get("backup_info").status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.get("manifest").records()).hasSize(4); // HomeDomain root, Library, Library/SMS, sms.db
    }
}
