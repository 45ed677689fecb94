package dev.vigil.android;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.samples.android.AndroidSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dumpsys.txt with a 100 MB line and malformed UTF-8 inside the package section (generated
 * at run time, streamed to disk) in an AndroidQF folder: the check completes, the package
 * module says the line was cut (found missing before: the cut warning did not name its
 * section, so no module passed it on) and still reads the packages after it, and the other
 * dumpsys sections are read as usual.
 */
class HugeDumpsysLineTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void hugeLineInAKeptSectionIsCutWithAWarningAndTheRestIsRead() throws Exception {
        byte[] zip = Files.readAllBytes(new AndroidSamples.AndroidQf().build(tmp.resolve("sample")));
        Path dir = Files.createDirectories(tmp.resolve("qf"));
        byte[] dumpsys = null;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.isDirectory()) continue;
                byte[] data = z.readAllBytes();
                if (e.getName().equals("dumpsys.txt")) dumpsys = data;
                Path p = dir.resolve(e.getName());
                Files.createDirectories(p.getParent());
                Files.write(p, data);
            }
        }
        List<String> lines = new String(dumpsys, StandardCharsets.UTF_8).lines().toList();
        int pkg = 0;
        while (!lines.get(pkg).startsWith("DUMP OF SERVICE") || !lines.get(pkg).endsWith(" package:")) pkg++;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(dir.resolve("dumpsys.txt")), 1 << 16)) {
            for (int i = 0; i < lines.size(); i++) {
                o.write((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
                if (i == pkg + 1) {
                    byte[] chunk = new byte[1 << 16];
                    Arrays.fill(chunk, (byte) 'P');
                    chunk[7] = (byte) 0xFF;
                    chunk[9] = (byte) 0xC3;
                    for (int k = 0; k < 1600; k++) o.write(chunk); // 100 MiB, one line
                    o.write(new byte[] {'\n', ' ', ' ', (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'});
                }
            }
        }
        assertThat(Files.size(dir.resolve("dumpsys.txt"))).isGreaterThan(100L << 20);

        RunResult r = Runs.run(new AndroidQfType(), dir, new CheckOptions(), Indicators.of());
        String summary = Runs.summary(r);
        ModuleResult packages = Runs.module(r, "dumpsys_packages");
        assertThat(packages.status()).as(summary).isEqualTo(ModuleStatus.OK);
        assertThat(packages.records()).as(summary).isNotEmpty();
        assertThat(packages.warnings()).as(summary).anySatisfy(w -> assertThat(w).contains("dumpsys.txt").contains("was cut"));
        for (String other : List.of("dumpsys_accessibility", "dumpsys_appops", "dumpsys_dbinfo")) {
            assertThat(Runs.module(r, other).status()).as(summary).isEqualTo(ModuleStatus.OK);
            assertThat(Runs.module(r, other).warnings()).as(other + " does not get the package section's warning")
                    .noneSatisfy(w -> assertThat(w).contains("was cut"));
        }
    }
}
