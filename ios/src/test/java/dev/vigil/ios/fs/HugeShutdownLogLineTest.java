package dev.vigil.ios.fs;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.fs.PegasusDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shutdown.log with a 100 MB line and malformed UTF-8 after its first line (generated at
 * run time, streamed to disk) in a folder dump: check-fs completes, the shutdownlog module
 * cuts the line with a warning, still reads every shutdown after it (and alerts on the
 * implant), and the other modules go on.
 */
class HugeShutdownLogLineTest {
    static final String LOG = "private/var/db/diagnostics/shutdown.log";

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void hugeLineIsCutAndTheShutdownsAfterItAreRead() throws Exception {
        IosFiles fs = PegasusDump.build();
        Path dump = tmp.resolve("dump");
        for (Map.Entry<String, IosFiles.Entry> e : fs.entries().entrySet()) {
            Path p = dump.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue().data());
        }
        List<String> lines = new String(fs.get(LOG), StandardCharsets.UTF_8).lines().toList();
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(dump.resolve(LOG)), 1 << 16)) {
            o.write((lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 16];
            Arrays.fill(chunk, (byte) 'B');
            chunk[10] = (byte) 0xFF;
            chunk[20] = (byte) 0xC3;
            for (int i = 0; i < 1600; i++) o.write(chunk); // 100 MiB, one line
            o.write(new byte[] {'\n', (byte) 0xC0, (byte) 0xAF, (byte) 0x80, '\n'});
            for (String l : lines.subList(1, lines.size())) o.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(dump.resolve(LOG))).isGreaterThan(100L << 20);

        Indicators iocs = Indicators.of(new Indicator(IndicatorType.PROCESS, "rolexd", "Pegasus", "test", null));
        Check.Outcome o = Check.run(new IosFsType(), List.of(dump), new CheckOptions().moduleTimeout(Duration.ofMinutes(2)),
                iocs, tmp.resolve("out"), List.of("check-fs"), null);
        ModuleResult m = o.result().modules().stream().filter(r -> r.slug().equals("shutdownlog")).findFirst().orElseThrow();
        assertThat(m.status()).as(String.valueOf(m.error())).isEqualTo(ModuleStatus.OK);
        assertThat(m.warnings()).anySatisfy(w -> assertThat(w).contains("shutdown.log").contains("cut"));
        assertThat(m.records()).isNotEmpty();
        assertThat(o.result().alerts()).anySatisfy(a -> {
            assertThat(a.module()).isEqualTo("shutdownlog");
            assertThat(a.message()).contains("rolexd");
        });
        assertThat(o.result().modules().stream().filter(r -> r.status() == ModuleStatus.OK && !r.records().isEmpty()).count())
                .isGreaterThan(3);
    }
}
