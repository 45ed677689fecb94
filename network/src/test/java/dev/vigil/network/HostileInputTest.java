package dev.vigil.network;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.network.capture.CaptureReader;
import dev.vigil.network.capture.DnsMessage;
import dev.vigil.network.capture.PacketDecoder;
import dev.vigil.samples.network.NetworkDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Corrupt, truncated and hostile inputs: a clear error for that input, the others are still checked. */
class HostileInputTest {
    @TempDir
    Path dir;

    @Test
    void truncatedAndCorruptCapturesFailTheInputsModuleWhileTheRestIsChecked() throws Exception {
        Path good = dir.resolve("dns.log");
        Files.writeString(good, NetworkDemo.zeekDnsTsv());
        Path full = dir.resolve("full.pcapng");
        NetworkDemo.writePcapng(full, false);
        byte[] bytes = Files.readAllBytes(full);
        Path truncated = dir.resolve("cut.pcapng");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        Path corrupt = dir.resolve("huge.pcap");
        NetworkDemo.writePcap(corrupt, false, false);
        byte[] c = Files.readAllBytes(corrupt);
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7fffffff); // first packet claims 2 GB
        Files.write(corrupt, c);

        RunResult r = Runs.check(TestIocs.demo(), corrupt, truncated, good);
        var inputs = Runs.module(r, "network_inputs");
        assertThat(inputs.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(inputs.error()).startsWith("2 of 3 inputs could not be read in full; ")
                .contains("huge.pcap (pcap, corrupt): packet 1 at offset 24 claims 2147483647 bytes, over the limit of 1048576: the file is corrupt")
                .contains("cut.pcapng (pcapng, truncated): capture ends inside")
                .endsWith("the other inputs were checked");
        assertThat(inputs.records()).extracting(x -> x.str("path") + "=" + x.str("status"))
                .containsExactly("cut.pcapng=truncated", "dns.log=ok", "huge.pcap=corrupt");
        // the DNS module still reports the packets before the cut and the Zeek log, and warns
        var dns = Runs.module(r, "network_dns");
        assertThat(dns.status()).isEqualTo(ModuleStatus.OK);
        assertThat(dns.records()).extracting(x -> x.str("query")).contains("example.org", NetworkDemo.PEGASUS_DOMAIN, "login." + NetworkDemo.PEGASUS_DOMAIN);
        assertThat(dns.warnings()).anyMatch(w -> w.startsWith("huge.pcap (pcap) was not read in full"));
        assertThat(r.alerts()).anyMatch(a -> a.message().startsWith("DNS query for login.weather4free.com"));
    }

    @Test
    void unknownFormatIsNamed() throws Exception {
        Path f = dir.resolve("notes.bin");
        Files.write(f, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, (byte) 0xff, 0, 0, 0});
        RunResult r = Runs.check(Indicators.empty(), f);
        assertThat(Runs.module(r, "network_inputs").error()).contains("notes.bin (unknown, unrecognised): not a format check-network reads");
        assertThat(Runs.module(r, "network_dns").status()).isEqualTo(ModuleStatus.NOT_FOUND);
    }

    @Test
    void largeUnknownFileIsReportedAndHashedWhole() throws Exception {
        Path f = dir.resolve("big.bin");
        byte[] b = new byte[12 << 20]; // more than the read-ahead holds
        new Random(7).nextBytes(b);
        b[0] = 0;
        Files.write(f, b);
        RunResult r = Runs.check(Indicators.empty(), f);
        assertThat(Runs.module(r, "network_inputs").error()).contains("big.bin (unknown, unrecognised)");
        assertThat(r.inputs()).singleElement().satisfies(e -> {
            assertThat(e.size()).isEqualTo(b.length);
            assertThat(e.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b)));
        });
    }

    @Test
    void pcapngBlockLengthLiesAreCaught() throws Exception {
        Path f = dir.resolve("c.pcapng");
        NetworkDemo.writePcapng(f, false);
        byte[] b = Files.readAllBytes(f);
        int shbLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(shbLen + 4, 0xfffffff0); // the IDB claims 4 GB
        assertThatThrownBy(() -> CaptureReader.read(new ByteArrayInputStream(b), new PacketDecoder(new Aggregator(), "x")))
                .isInstanceOf(CorruptInputException.class)
                .hasMessage("pcapng block at offset " + shbLen + " has an impossible length of 4294967280 bytes (block type 0x1): the file is corrupt");
    }

    @Test
    void dnsCompressionLoopEnds() {
        byte[] m = new byte[12 + 2 + 4];
        m[5] = 1; // one question
        m[12] = (byte) 0xc0; // pointer to itself
        m[13] = 12;
        assertThat(DnsMessage.parse(m, 0, m.length, null)).isNull();
        byte[] m2 = new byte[12 + 4 + 4];
        m2[5] = 1;
        m2[12] = (byte) 0xc0; // two pointers to each other
        m2[13] = 14;
        m2[14] = (byte) 0xc0;
        m2[15] = 12;
        assertThat(DnsMessage.parse(m2, 0, m2.length, null)).isNull();
    }

    /** Random corruption of a real capture: every outcome is records or a clear per-input error, never an escape. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void mutatedCapturesNeverEscape(long seed) throws Exception {
        Path f = dir.resolve("c.pcapng");
        NetworkDemo.writePcapng(f, seed % 2 == 0);
        byte[] b = Files.readAllBytes(f);
        Random rnd = new Random(seed);
        for (int i = 0; i < 20; i++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        Files.write(f, b);
        RunResult r = Runs.check(Indicators.empty(), f);
        for (var m : r.modules()) {
            assertThat(m.status()).isIn(ModuleStatus.OK, ModuleStatus.NOT_FOUND, ModuleStatus.ERROR);
            if (m.status() == ModuleStatus.ERROR) {
                assertThat(m.slug()).isEqualTo("network_inputs");
                assertThat(m.error()).contains("c.pcapng");
            }
        }
    }
}
