package dev.vigil.ios.fs;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.TarSource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.ios.Runs;
import dev.vigil.ios.modules.fs.CacheFiles;
import dev.vigil.ios.modules.fs.Filesystem;
import dev.vigil.ios.modules.fs.Hashes;
import dev.vigil.ios.modules.fs.ShutdownLog;
import dev.vigil.ios.modules.fs.WebkitIndexedDb;
import dev.vigil.ios.modules.fs.WebkitLocalStorage;
import dev.vigil.ios.modules.fs.WebkitSafariViewService;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.fs.DumpWriter;
import dev.vigil.samples.ios.fs.PegasusDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FsDumpTest {
    @TempDir
    Path tmp;

    enum Container { FOLDER, TAR, TAR_GZ, ZIP }

    static List<ArtifactModule> modules() {
        return List.of(new Filesystem(), new CacheFiles(), new ShutdownLog(), new WebkitIndexedDb(), new WebkitLocalStorage(),
                new WebkitSafariViewService(), new Hashes());
    }

    static IosFiles dump() throws Exception {
        IosFiles fs = new IosFiles();
        PegasusDump.plant(fs);
        return fs;
    }

    Path write(IosFiles fs, Container c) throws Exception {
        return switch (c) {
            case FOLDER -> DumpWriter.writeFolder(fs, tmp.resolve("dump"), "filesystem1/");
            case TAR -> DumpWriter.writeTar(fs, tmp.resolve("dump.tar"), "filesystem1/", false);
            case TAR_GZ -> DumpWriter.writeTar(fs, tmp.resolve("dump.tar.gz"), "", true);
            case ZIP -> DumpWriter.writeZip(fs, tmp.resolve("dump.zip"), "filesystem1/");
        };
    }

    RunResult check(Path p, Indicators ind, Map<String, String> flags) throws Exception {
        IosFsType type = new IosFsType();
        assertThat(type.detect(p)).isTrue();
        CheckOptions o = new CheckOptions();
        flags.forEach(o::flag);
        try (EvidenceSource src = type.open(p, o)) {
            return Runs.run(src, ind, flags, modules());
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void everyContainerGivesTheSameRecordsAndAlerts(Container c) throws Exception {
        Path p = write(dump(), c);
        RunResult r = check(p, Runs.pegasus(), Map.of());

        ModuleResult fsr = Runs.result(r, "filesystem");
        assertThat(fsr.status()).isEqualTo(ModuleStatus.OK);
        assertThat(fsr.records()).hasSize(2);
        Record implant = fsr.records().get(0);
        assertThat(implant.str("path")).isEqualTo("/" + PegasusDump.IMPLANT);
        assertThat(implant.str("reason")).isEqualTo("a path component matches a process indicator");
        Record summary = fsr.records().get(1);
        assertThat(summary.num("files", -1)).isEqualTo(c == Container.FOLDER || c == Container.ZIP ? 14 : 15); // tars carry the var link
        assertThat(Runs.count(fsr, Level.CRITICAL)).isEqualTo(1);
        assertThat(fsr.alerts()).hasSize(1);

        ModuleResult cache = Runs.result(r, "cache_files");
        assertThat(cache.records()).hasSize(3);
        assertThat(cache.records()).extracting(x -> x.str("url")).containsExactly("https://www.apple.com/",
                "https://weather4free.com/4f2a1b/index.html", "https://en.wikipedia.org/wiki/Main_Page");
        assertThat(cache.records().get(1).str("timestamp")).startsWith("2023-05-29T21:14:07");
        assertThat(cache.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.CRITICAL);
            assertThat(a.matchedIndicator().value()).isEqualTo("weather4free.com");
        });

        ModuleResult sd = Runs.result(r, "shutdownlog");
        assertThat(sd.records()).hasSize(10);
        assertThat(sd.records().stream().filter(x -> "client".equals(x.str("kind")))).hasSize(5);
        assertThat(sd.records().stream().filter(x -> "month".equals(x.str("kind")))).extracting(x -> x.str("month") + "=" + x.str("reboots"))
                .containsExactly("2023-05=2", "2023-06=1");
        assertThat(Runs.count(sd, Level.CRITICAL)).isEqualTo(1);
        assertThat(Runs.count(sd, Level.MEDIUM)).isEqualTo(1);

        ModuleResult idb = Runs.result(r, "webkit_indexeddb");
        assertThat(idb.records()).extracting(x -> x.str("url")).containsExactly("https://smscentro.com", "https://www.example.org");
        assertThat(idb.alerts()).hasSize(1);
        ModuleResult ls = Runs.result(r, "webkit_localstorage");
        assertThat(ls.records()).extracting(x -> x.str("url")).containsExactly("http://localhost:8080", "https://tookcheckout.com", "https://www.example.org");
        assertThat(ls.alerts()).hasSize(1);
        ModuleResult svs = Runs.result(r, "webkit_safariviewservice");
        assertThat(svs.records()).extracting(x -> x.str("url")).containsExactly("https://news.example.com", "https://weather4free.com");
        assertThat(svs.alerts()).hasSize(1);

        assertThat(Runs.result(r, "hashes").status()).isEqualTo(ModuleStatus.NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void withoutIndicatorsTheImplantIsStillFlaggedByItsPlace(Container c) throws Exception {
        RunResult r = check(write(dump(), c), Indicators.empty(), Map.of());
        ModuleResult fsr = Runs.result(r, "filesystem");
        assertThat(fsr.records()).hasSize(2);
        // a .tar.gz cannot be read again: its files are judged by mode bits
        Level expected = c == Container.TAR_GZ ? Level.MEDIUM : Level.HIGH;
        assertThat(fsr.alerts()).singleElement().satisfies(a -> assertThat(a.level()).isEqualTo(expected));
        ModuleResult sd = Runs.result(r, "shutdownlog");
        assertThat(Runs.count(sd, Level.HIGH)).isEqualTo(1); // client running from /private/var/db/
        assertThat(Runs.count(sd, Level.MEDIUM)).isEqualTo(1);
    }

    @Test
    void fastModeReadsNoFileHeads() throws Exception {
        RunResult r = check(write(dump(), Container.TAR), Indicators.empty(), Map.of("fast", "true"));
        ModuleResult fsr = Runs.result(r, "filesystem");
        assertThat(fsr.records().get(fsr.records().size() - 1).num("heads_read", -1)).isZero();
        assertThat(fsr.alerts()).singleElement().satisfies(a -> assertThat(a.level()).isEqualTo(Level.MEDIUM));
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void hashesMatchHashIndicators(Container c) throws Exception {
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(PegasusDump.machO()));
        Indicators ind = Indicators.of(new dev.vigil.core.ioc.Indicator(dev.vigil.core.ioc.IndicatorType.FILE_SHA256, sha, "Test", "test", null));
        RunResult r = check(write(dump(), c), ind, Map.of("hashes", "true"));
        ModuleResult h = Runs.result(r, "hashes");
        assertThat(h.status()).isEqualTo(ModuleStatus.OK);
        assertThat(h.records()).hasSize(2);
        assertThat(h.records().get(0).str("path")).isEqualTo("/" + PegasusDump.IMPLANT);
        assertThat(h.records().get(1).num("files_hashed", -1)).isEqualTo(14);
        assertThat(h.records().get(1).num("unreadable", -1)).isZero();
        assertThat(h.alerts()).singleElement().satisfies(a -> assertThat(a.level()).isEqualTo(Level.CRITICAL));
    }

    @Test
    void corruptArtifactsFailAloneWhileTheRestGoesOn() throws Exception {
        IosFiles fs = dump();
        fs.put(PegasusDump.CACHE_DB, "this is not a database".repeat(100));
        fs.put("private/var/db/diagnostics/shutdown.log", new byte[] {(byte) 0xff, 0, 1, 2, '\n', 'z'});
        for (Container c : List.of(Container.TAR, Container.TAR_GZ)) {
            RunResult r = check(write(fs, c), Runs.pegasus(), Map.of());
            ModuleResult cache = Runs.result(r, "cache_files");
            assertThat(cache.status()).isEqualTo(ModuleStatus.ERROR);
            assertThat(cache.error()).contains("Cache.db");
            ModuleResult sd = Runs.result(r, "shutdownlog");
            assertThat(sd.status()).isEqualTo(ModuleStatus.OK);
            assertThat(sd.records()).isEmpty();
            assertThat(sd.warnings()).anySatisfy(w -> assertThat(w).contains("no shutdown found"));
            assertThat(Runs.result(r, "filesystem").status()).isEqualTo(ModuleStatus.OK);
            assertThat(Runs.result(r, "webkit_indexeddb").records()).hasSize(2);
        }
    }

    @Test
    void truncatedTarStillChecksWhatItHoldsAndWarns() throws Exception {
        Path p = write(dump(), Container.TAR);
        byte[] b = java.nio.file.Files.readAllBytes(p);
        Path cut = java.nio.file.Files.write(tmp.resolve("cut.tar"), java.util.Arrays.copyOf(b, b.length - 20_000));
        RunResult r = check(cut, Runs.pegasus(), Map.of());
        ModuleResult fsr = Runs.result(r, "filesystem");
        assertThat(fsr.status()).isEqualTo(ModuleStatus.OK);
        assertThat(fsr.warnings()).anySatisfy(w -> assertThat(w).contains("truncated"));
    }

    @Test
    void tarGzKeepsOnlyWhatModulesDeclared() throws Exception {
        Path p = write(dump(), Container.TAR_GZ);
        try (EvidenceSource src = new IosFsType().open(p, new CheckOptions())) {
            TarSource t = (TarSource) src;
            assertThat(t.readable(t.findOne(PegasusDump.CACHE_DB))).isTrue();
            assertThat(t.readable(t.findOne("private/var/db/diagnostics/shutdown.log"))).isTrue();
            assertThat(t.readable(t.findOne(PegasusDump.IMPLANT))).isFalse();
        }
    }
}
