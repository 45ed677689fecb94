package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.RunAnalyzer;
import dev.vigil.core.util.Json;
import dev.vigil.samples.ios.DemoPhone;
import dev.vigil.samples.ios.IosFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The system modules, found through ServiceLoader, over the whole demo phone as a filesystem dump. */
class SystemDemoPhoneTest {
    static List<ArtifactModule> systemModules() {
        return ServiceLoader.load(ArtifactModule.class).stream().map(ServiceLoader.Provider::get)
                .filter(m -> m.getClass().getPackageName().equals("dev.vigil.ios.modules.system")).toList();
    }

    static List<RunAnalyzer> analyzers() {
        return ServiceLoader.load(RunAnalyzer.class).stream().map(ServiceLoader.Provider::get)
                .filter(a -> a instanceof TemporalCorrelation).toList();
    }

    private static RunResult check() throws Exception {
        IosFiles fs = DemoPhone.build();
        MemorySource src = TestSupport.source("ios-fs");
        fs.entries().forEach((p, e) -> src.put(p, e.data(), e.modified()));
        return TestSupport.run(src, TestSupport.pegasus(), systemModules(), analyzers());
    }

    @Test
    void everySystemModuleFindsItsPlantedIndicators() throws Exception {
        assertThat(systemModules()).extracting(ArtifactModule::slug).containsExactly("datausage", "netusage", "tcc", "idstatuscache",
                "locationd_clients", "osanalytics_addaily", "shortcuts", "analytics", "analytics_ios_versions", "ios_version_history");
        RunResult run = check();
        for (ModuleResult m : run.modules()) {
            assertThat(m.status()).as(m.slug() + ": " + m.error()).isEqualTo(ModuleStatus.OK);
            assertThat(m.records()).as(m.slug()).isNotEmpty();
        }
        List<String> matched = run.alerts().stream().filter(a -> a.matchedIndicator() != null)
                .map(a -> a.module() + ":" + a.matchedIndicator().value()).toList();
        assertThat(matched).containsExactly("datausage:bh", "datausage:com.apple.rapports.events", "netusage:roleaccountd",
                "tcc:msgacntd", "idstatuscache:bekkerfredi@gmail.com", "locationd_clients:locserviced", "osanalytics_addaily:msgacntd",
                "shortcuts:weather4free.com", "analytics:smscentro.com", "analytics:bh");
        List<Alert> seq = run.analyzerAlerts();
        assertThat(seq).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.MEDIUM);
            assertThat(a.eventTime()).isEqualTo("2023-05-20T08:31:00Z");
            assertThat(a.event().strings("classes")).containsExactly("location", "net");
            assertThat(a.event().strings("artifacts")).containsExactly("datausage", "locationd_clients", "netusage", "osanalytics_addaily");
        });
    }

    @Test
    void outputIsDeterministic() throws Exception {
        RunResult a = check();
        RunResult b = check();
        assertThat(Json.MAPPER.writeValueAsString(a.modules())).isEqualTo(Json.MAPPER.writeValueAsString(b.modules()));
        assertThat(Json.MAPPER.writeValueAsString(a.alerts())).isEqualTo(Json.MAPPER.writeValueAsString(b.alerts()));
    }
}
