package dev.vigil.ios;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.CheckRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test helpers: run modules over a source, find results, the public indicators planted by the samples. */
public final class Runs {
    private Runs() {}

    public static RunResult run(EvidenceSource src, Indicators ind, Map<String, String> flags, List<ArtifactModule> modules) {
        return new CheckRunner(ind, flags, Duration.ofMinutes(2)).run(src, modules, List.of());
    }

    public static ModuleResult result(RunResult r, String slug) {
        return r.modules().stream().filter(m -> m.slug().equals(slug)).findFirst().orElseThrow(() -> new AssertionError("no module " + slug));
    }

    public static long count(ModuleResult r, Level level) {
        return r.alerts().stream().filter(a -> a.level() == level).count();
    }

    public static List<String> messages(ModuleResult r) {
        return r.alerts().stream().map(Alert::message).toList();
    }

    static Indicator ioc(IndicatorType t, String v) {
        return new Indicator(t, v, "NSO Group Pegasus", "amnesty-investigations/2021-07-18_nso/pegasus.stix2", null);
    }

    /** Public Pegasus indicators (Amnesty, 2021) that the samples plant. */
    public static Indicators pegasus() {
        return Indicators.of(
                ioc(IndicatorType.PROCESS, "rolexd"), ioc(IndicatorType.PROCESS, "bh"), ioc(IndicatorType.PROCESS, "eventstorpd"),
                ioc(IndicatorType.DOMAIN, "weather4free.com"), ioc(IndicatorType.DOMAIN, "smscentro.com"), ioc(IndicatorType.DOMAIN, "tookcheckout.com"),
                new Indicator(IndicatorType.FILE_PATH, "/private/var/db/com.apple.xpc.roleaccountd.staging/subridged", "QuaDream KingSpawn",
                        "mvt-indicators/2023-04-11_quadream/kingspawn.stix2", null));
    }

    /** The shared public test data folder (../shared from the project root), found by walking up. */
    public static Path shared() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("shared/iocs"))) return p.resolve("shared");
            p = p.getParent();
        }
        throw new AssertionError("no shared/ folder above " + Path.of("").toAbsolutePath());
    }
}
