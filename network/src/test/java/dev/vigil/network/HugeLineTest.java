package dev.vigil.network;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.network.NetworkCaptureSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 100 MB line and malformed UTF-8 in text logs (generated at run time, streamed to disk):
 * Zeek dns.log and Suricata eve.json each get one in the middle. The check completes, the
 * lines are cut with a warning, the rows after them are still read, and the captures next to
 * them are checked as usual.
 */
class HugeLineTest {
    static final long HUGE = 100L << 20;

    @TempDir
    Path tmp;

    /** Writes {@code bytes} bytes of one line, with invalid UTF-8 sequences sprinkled in, without a newline. */
    static void hugeLine(OutputStream o, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, (byte) 'A');
        chunk[100] = (byte) 0xFF;
        chunk[200] = (byte) 0xC3; // a lead byte without its continuation
        chunk[201] = (byte) '(';
        chunk[300] = (byte) 0xED; // an encoded surrogate
        chunk[301] = (byte) 0xA0;
        chunk[302] = (byte) 0x80;
        for (long done = 0; done < bytes; done += chunk.length) o.write(chunk, 0, (int) Math.min(chunk.length, bytes - done));
    }

    /** Inserts a huge line (and a short malformed one) before the line at {@code index} of a text file. */
    static void insertHugeLine(Path file, int index) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < lines.size(); i++) {
                if (i == index) {
                    hugeLine(o, HUGE);
                    o.write('\n');
                    o.write(new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFE, '\t', (byte) 0x80, '\n'});
                }
                o.write(lines.get(i).getBytes(StandardCharsets.UTF_8));
                o.write('\n');
            }
        }
    }

    @Test
    @Timeout(300)
    void hugeLinesInZeekAndEveAreCutAndTheRestIsRead() throws Exception {
        Path dir = new NetworkCaptureSample().build(tmp.resolve("net"));
        Path dns = dir.resolve("zeek/dns.log");
        List<String> lines = Files.readAllLines(dns);
        int lastRow = lines.size() - 2; // the row before #close
        insertHugeLine(dns, lastRow);
        Path eve = dir.resolve("eve.json");
        insertHugeLine(eve, 1);
        assertThat(Files.size(dns)).isGreaterThan(HUGE);

        RunResult r = Runs.check(Indicators.of(new Indicator(IndicatorType.DOMAIN, "nothing.example", "Test", "test", null)), dir);
        for (ModuleResult m : r.modules()) assertThat(m.status()).as(m.slug() + " " + m.error()).isNotEqualTo(ModuleStatus.ERROR);
        List<String> warnings = r.modules().stream().flatMap(m -> m.warnings().stream()).toList();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("dns.log").contains("were cut"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("eve.json").contains("were cut"));
        // The Zeek row after the huge line was still read and matched.
        assertThat(r.alerts()).anySatisfy(a -> assertThat(String.valueOf(a.matchedIndicator())).contains("nothing.example"));
        // The captures in the same folder were checked too.
        assertThat(Runs.records(r, "network_flows")).isNotEmpty();
    }
}
