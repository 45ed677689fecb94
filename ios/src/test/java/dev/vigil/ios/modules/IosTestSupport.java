package dev.vigil.ios.modules;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.samples.ios.IosFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Shared helpers of the iOS module tests. */
final class IosTestSupport {
    static final String PEGASUS = "amnesty-investigations/2021-07-18_nso/pegasus.stix2";
    static final String PREDATOR = "mvt-indicators/intellexa_predator/predator.stix2";
    static final String CYTROX = "amnesty-investigations/2021-12-16_cytrox/cytrox.stix2";
    static final String QUADREAM = "mvt-indicators/2023-04-11_quadream/kingspawn.stix2";

    private IosTestSupport() {}

    /** The public indicators planted in the demo phone, as published (checked by PlantedIndicatorsTest). */
    static final List<Indicator> PLANTED = List.of(
            new Indicator(IndicatorType.DOMAIN, "smscentro.com", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.DOMAIN, "weather4free.com", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.EMAIL, "bogaardlisa803@gmail.com", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.EMAIL, "bekkerfredi@gmail.com", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.EMAIL, "k.williams.enny74@gmail.com", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.DOMAIN, "md-news-direct.com", "Intellexa Predator", PREDATOR, null),
            new Indicator(IndicatorType.DOMAIN, "coazoa.com", "Intellexa Predator", PREDATOR, null),
            new Indicator(IndicatorType.DOMAIN, "shortenurls.me", "Cytrox Predator", CYTROX, null),
            new Indicator(IndicatorType.DOMAIN, "updete.xyz", "Cytrox Predator", CYTROX, null),
            new Indicator(IndicatorType.DOMAIN, "mobnetlink1.com", "Cytrox Predator", CYTROX, null),
            new Indicator(IndicatorType.DOMAIN, "tookcheckout.com", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.DOMAIN, "oneleadingchat.com", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.DOMAIN, "redirectnet.net", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.DOMAIN, "pincattape.com", "NSO Group Pegasus", PEGASUS, null),
            new Indicator(IndicatorType.DOMAIN, "wikipedoptions.com", "QuaDream KingsPawn", QUADREAM, null),
            new Indicator(IndicatorType.DOMAIN, "shoppingeos.com", "QuaDream KingsPawn", QUADREAM, null),
            new Indicator(IndicatorType.DOMAIN, "newsbuiltin.online", "QuaDream KingsPawn", QUADREAM, null));

    static Indicators planted() {
        return Indicators.of(PLANTED.toArray(Indicator[]::new));
    }

    /** An iOS filesystem source over a virtual phone. */
    static MemorySource source(IosFiles fs) {
        MemorySource s = new MemorySource("ios-fs", "memory", false);
        fs.entries().forEach((p, e) -> s.put(p, e.data(), e.modified()));
        return s;
    }

    static RunResult run(dev.vigil.core.evidence.EvidenceSource src, Indicators ind, ArtifactModule... modules) {
        return new CheckRunner(ind, Map.of(), Duration.ofSeconds(60)).run(src, Arrays.asList(modules), List.of());
    }

    static ModuleResult runOne(MemorySource src, Indicators ind, ArtifactModule module) {
        return run(src, ind, module).modules().get(0);
    }

    static List<Alert> alerts(ModuleResult r) {
        return r.alerts();
    }

    /** The /work/shared folder (or wherever "shared/iocs" sits next to a parent of the working directory). */
    static Path shared() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path s = p.resolveSibling("shared");
            if (Files.isDirectory(s.resolve("iocs"))) return s;
            if (Files.isDirectory(p.resolve("shared/iocs"))) return p.resolve("shared");
            p = p.getParent();
        }
        throw new IllegalStateException("shared/iocs not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * A source holding the files of a sample zip under their phone paths: absolute names lose
     * their "/", "filesystem1/" and "filesystem2/" prefixes become "private/var/".
     */
    static MemorySource zipSource(String name) throws IOException {
        MemorySource s = new MemorySource("ios-fs", name, false);
        try (InputStream in = Files.newInputStream(shared().resolve("samples/ileapp").resolve(name)); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                String p = e.getName();
                if (p.startsWith("/")) p = p.substring(1);
                p = p.replaceFirst("^filesystem[0-9]/", "private/var/");
                if (p.contains("..")) continue;
                s.put(p, z.readNBytes(64 << 20));
            }
        }
        return s;
    }
}
