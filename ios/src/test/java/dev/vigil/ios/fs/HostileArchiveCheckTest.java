package dev.vigil.ios.fs;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.artifacts.SmsDb;
import dev.vigil.samples.ios.fs.PegasusDump;
import dev.vigil.samples.ios.system.IdStatusCacheBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile containers through a whole check-fs: a tar and a zip dump holding zip-slip names,
 * absolute names, a symlink and a hard link pointing outside the dump (in place of artifacts
 * modules read), and in the zip a zip bomb at the path of sms.db; a folder dump whose
 * artifact folder is a symlink to /etc. Nothing is written or read outside the evidence,
 * the hostile entries are refused with a reason, and the other modules give their records.
 */
class HostileArchiveCheckTest {
    static final String LINKED = "private/var/root/Library/Caches/locationd/clients.plist";
    static final String OUTSIDE_MARKER = "VIGIL-OUTSIDE-THE-DUMP-" + UUID.randomUUID();

    @TempDir
    Path tmp;

    private Path outside() throws Exception {
        Path p = tmp.resolve("outside.txt");
        if (!Files.exists(p)) Files.writeString(p, OUTSIDE_MARKER);
        return p;
    }

    @Test
    @Timeout(120)
    void tarWithSlipAbsoluteAndLinksOutside() throws Exception {
        IosFiles fs = PegasusDump.build();
        String slip = "vigil-slip-" + UUID.randomUUID();
        Path tar = tmp.resolve("dump.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, IosFiles.Entry> e : fs.entries().entrySet()) {
                if (e.getKey().equals(IdStatusCacheBuilder.PATH) || e.getKey().equals(LINKED)) continue;
                file(t, "filesystem1/" + e.getKey(), e.getValue().data());
            }
            file(t, "filesystem1/../../../../../../tmp/" + slip, "slip".getBytes(StandardCharsets.UTF_8));
            TarArchiveEntry abs = new TarArchiveEntry("/tmp/" + slip + "-abs", true);
            abs.setSize(3);
            t.putArchiveEntry(abs);
            t.write("abs".getBytes(StandardCharsets.UTF_8));
            t.closeArchiveEntry();
            TarArchiveEntry sym = new TarArchiveEntry("filesystem1/" + IdStatusCacheBuilder.PATH, TarConstants.LF_SYMLINK);
            sym.setLinkName(outside().toString());
            t.putArchiveEntry(sym);
            t.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("filesystem1/" + LINKED, TarConstants.LF_LINK);
            hard.setLinkName("../../../../../../" + outside());
            t.putArchiveEntry(hard);
            t.closeArchiveEntry();
        }
        Check.Outcome o = check(tar);
        assertThat(Path.of("/tmp/" + slip)).doesNotExist();
        assertThat(Path.of("/tmp/" + slip + "-abs")).doesNotExist();
        assertGoesOn(o, true);
    }

    @Test
    @Timeout(120)
    void zipWithSlipAbsoluteAndABombWhereSmsDbShouldBe() throws Exception {
        IosFiles fs = PegasusDump.build();
        String slip = "vigil-slip-" + UUID.randomUUID();
        Path zip = tmp.resolve("dump.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, IosFiles.Entry> e : fs.entries().entrySet()) {
                byte[] data = e.getValue().data();
                z.putNextEntry(new ZipEntry("filesystem1/" + e.getKey()));
                if (e.getKey().equals(SmsDb.PATH)) {
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 100; i++) z.write(zeros); // 100 MiB of zeros, ~100 KiB deflated
                } else {
                    z.write(data);
                }
                z.closeEntry();
            }
            for (String name : List.of("../../../../../../tmp/" + slip, "/tmp/" + slip + "-abs", "filesystem1/..\\..\\" + slip)) {
                z.putNextEntry(new ZipEntry(name));
                z.write("slip".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        assertThat(Files.size(zip)).isLessThan(4L << 20);
        Check.Outcome o = check(zip);
        assertThat(Path.of("/tmp/" + slip)).doesNotExist();
        assertThat(Path.of("/tmp/" + slip + "-abs")).doesNotExist();
        ModuleResult sms = module(o, "sms");
        assertThat(sms.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(sms.error()).contains("sms.db");
        assertGoesOn(o, false);
    }

    @Test
    @Timeout(120)
    void folderWhoseArtifactsAreSymlinksOutside() throws Exception {
        IosFiles fs = PegasusDump.build();
        Path dump = tmp.resolve("dump");
        for (Map.Entry<String, IosFiles.Entry> e : fs.entries().entrySet()) {
            if (e.getKey().equals(IdStatusCacheBuilder.PATH) || e.getKey().equals(LINKED)) continue;
            Path p = dump.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue().data());
        }
        Path outsideDir = Files.createDirectories(tmp.resolve("outside-dir"));
        Files.writeString(outsideDir.resolve("clients.plist"), OUTSIDE_MARKER);
        Files.createSymbolicLink(dump.resolve(IdStatusCacheBuilder.PATH), outside());
        Path locationd = dump.resolve(LINKED).getParent();
        Files.createDirectories(locationd.getParent());
        Files.createSymbolicLink(locationd, outsideDir);
        Check.Outcome o = check(dump);
        assertGoesOn(o, true);
    }

    private Check.Outcome check(Path evidence) throws Exception {
        Indicators iocs = Indicators.of(new Indicator(IndicatorType.DOMAIN, PegasusDump.DOMAIN_CACHE, "Pegasus", "test", null));
        return Check.run(new IosFsType(), List.of(evidence), new CheckOptions().moduleTimeout(Duration.ofMinutes(1)),
                iocs, tmp.resolve("out-" + UUID.randomUUID()), List.of("check-fs"), null);
    }

    static ModuleResult module(Check.Outcome o, String slug) {
        return o.result().modules().stream().filter(m -> m.slug().equals(slug)).findFirst().orElseThrow();
    }

    /** Nothing from outside read; the link targets' modules said something; the other modules went on. */
    private void assertGoesOn(Check.Outcome o, boolean smsHealthy) throws Exception {
        try (Stream<Path> s = Files.walk(o.dir())) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(OUTSIDE_MARKER);
            }
        }
        Map<String, ModuleResult> m = o.result().modules().stream().collect(Collectors.toMap(ModuleResult::slug, Function.identity()));
        if (smsHealthy) { // the link cases
            assertThat(m.get("idstatuscache").records()).isEmpty();
            assertThat(m.get("locationd_clients").records()).isEmpty();
        }
        if (smsHealthy) assertThat(m.get("sms").records()).isNotEmpty();
        assertThat(m.get("shutdownlog").status()).isEqualTo(ModuleStatus.OK);
        assertThat(m.get("shutdownlog").records()).isNotEmpty();
        assertThat(o.result().alerts()).anySatisfy(a -> assertThat(String.valueOf(a.matchedIndicator())).contains(PegasusDump.DOMAIN_CACHE));
        assertThat(o.result().modules().stream().filter(r -> r.status() == ModuleStatus.OK && !r.records().isEmpty()).count())
                .isGreaterThan(5);
    }

    static void file(TarArchiveOutputStream t, String name, byte[] data) throws Exception {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
    }

}
