package dev.vigil.ios.modules;

import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.samples.ios.DemoPhone;
import dev.vigil.samples.ios.IosFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Every messaging/browsing module over the whole demo phone laid out as a filesystem dump. */
class DemoPhoneTest {
    static final List<String> SLUGS = List.of("sms", "sms_attachments", "calls", "contacts", "calendar", "interaction_c", "whatsapp",
            "whatsapp_contacts", "safari_history", "safari_browser_state", "safari_favicon", "chrome_history", "chrome_favicon",
            "firefox_history", "firefox_favicon", "webkit_resource_load_statistics", "webkit_session_resource_log");

    private static List<ArtifactModule> modules() {
        Map<String, ArtifactModule> bySlug = new LinkedHashMap<>();
        for (ArtifactModule m : ServiceLoader.load(ArtifactModule.class)) bySlug.put(m.slug(), m);
        return SLUGS.stream().map(bySlug::get).toList();
    }

    @Test
    void modulesAreRegisteredForBackupsAndFilesystemDumps() {
        List<ArtifactModule> ms = modules();
        assertThat(ms).doesNotContainNull().hasSize(SLUGS.size());
        for (ArtifactModule m : ms) {
            assertThat(m.evidenceTypes()).as(m.slug()).isEqualTo(Set.of("ios-backup", "ios-fs"));
            assertThat(m.paths()).as(m.slug()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("private/var/mobile/"));
            assertThat(m.description()).isNotBlank();
        }
    }

    @Test
    void wholeDemoPhoneAsADirectory(@TempDir Path dir) throws Exception {
        IosFiles fs = DemoPhone.build();
        for (IosFiles.Entry e : fs.entries().values()) {
            Path p = dir.resolve(e.path());
            Files.createDirectories(p.getParent());
            Files.write(p, e.data());
        }
        RunResult run;
        try (DirectorySource src = new DirectorySource(dir, "ios-fs")) {
            run = IosTestSupport.run(src, IosTestSupport.planted(), modules().toArray(ArtifactModule[]::new));
        }
        Map<String, String> summary = new TreeMap<>();
        for (ModuleResult r : run.modules()) {
            assertThat(r.status()).as(r.slug() + ": " + r.error()).isEqualTo(ModuleStatus.OK);
            long critical = r.alerts().stream().filter(a -> a.level() == Level.CRITICAL).count();
            long high = r.alerts().stream().filter(a -> a.level() == Level.HIGH).count();
            summary.put(r.slug(), r.records().size() + " records, " + critical + " critical, " + high + " high, " + r.alerts().size() + " alerts");
        }
        assertThat(summary).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("sms", "8 records, 3 critical, 1 high, 4 alerts"),
                Map.entry("sms_attachments", "3 records, 1 critical, 2 high, 3 alerts"),
                Map.entry("calls", "2 records, 1 critical, 0 high, 1 alerts"),
                Map.entry("contacts", "2 records, 1 critical, 0 high, 1 alerts"),
                Map.entry("calendar", "3 records, 1 critical, 1 high, 2 alerts"),
                Map.entry("interaction_c", "2 records, 1 critical, 0 high, 1 alerts"),
                Map.entry("whatsapp", "3 records, 1 critical, 0 high, 1 alerts"),
                Map.entry("whatsapp_contacts", "2 records, 1 critical, 0 high, 1 alerts"),
                Map.entry("safari_history", "4 records, 1 critical, 0 high, 2 alerts"),
                Map.entry("safari_browser_state", "4 records, 2 critical, 0 high, 2 alerts"),
                Map.entry("safari_favicon", "3 records, 1 critical, 0 high, 1 alerts"),
                Map.entry("chrome_history", "3 records, 1 critical, 0 high, 2 alerts"),
                Map.entry("chrome_favicon", "2 records, 1 critical, 0 high, 1 alerts"),
                Map.entry("firefox_history", "4 records, 2 critical, 0 high, 2 alerts"),
                Map.entry("firefox_favicon", "2 records, 1 critical, 0 high, 1 alerts"),
                Map.entry("webkit_resource_load_statistics", "3 records, 2 critical, 0 high, 2 alerts"),
                Map.entry("webkit_session_resource_log", "3 records, 2 critical, 0 high, 2 alerts")));
        // Apps are named from their container metadata.
        Map<String, ModuleResult> bySlug = new TreeMap<>();
        run.modules().forEach(m -> bySlug.put(m.slug(), m));
        assertThat(bySlug.get("chrome_history").records()).allSatisfy(r -> assertThat(r.str("app")).isEqualTo("com.google.chrome.ios"));
        assertThat(bySlug.get("whatsapp").records()).allSatisfy(r -> assertThat(r.str("app")).isEqualTo("group.net.whatsapp.WhatsApp.shared"));
        assertThat(bySlug.get("firefox_history").records()).allSatisfy(r -> assertThat(r.str("app")).isEqualTo("group.org.mozilla.ios.Firefox"));
        assertThat(bySlug.get("webkit_resource_load_statistics").records()).allSatisfy(r -> assertThat(r.str("app")).isEqualTo("com.example.newsreader"));
        assertThat(bySlug.get("safari_history").records()).allSatisfy(r -> assertThat(r.get("app")).isNull());
        assertThat(bySlug.get("webkit_resource_load_statistics").timeline()).extracting(dev.vigil.core.model.TimelineEvent::data)
                .contains("Web view of com.example.newsreader loaded t.co, redirected to shoppingeos.com");
        // Determinism: a second run gives the same records and alerts.
        RunResult again;
        try (DirectorySource src = new DirectorySource(dir, "ios-fs")) {
            again = new dev.vigil.core.module.CheckRunner(IosTestSupport.planted(), Map.of(), Duration.ofSeconds(60))
                    .run(src, modules(), List.of());
        }
        for (int i = 0; i < run.modules().size(); i++) {
            assertThat(again.modules().get(i).records()).isEqualTo(run.modules().get(i).records());
            assertThat(again.modules().get(i).alerts()).isEqualTo(run.modules().get(i).alerts());
        }
    }
}
