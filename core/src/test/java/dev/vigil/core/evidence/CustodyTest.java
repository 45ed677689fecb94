package dev.vigil.core.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustodyTest {
    @TempDir
    Path tmp;

    @Test
    void aLargeInputIsHashedWholeOnASecondThreadWhateverItsReaderReads() throws Exception {
        byte[] data = new byte[(int) Custody.HASH_ASIDE_FROM + 3_000_001];
        new Random(3).nextBytes(data);
        Path f = tmp.resolve("big.db");
        Files.write(f, data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

        // read in odd pieces, with a skip and single bytes, then closed before the end
        Custody c = new Custody();
        try (InputStream in = c.hashing(Files.newInputStream(f), "big.db", data.length)) {
            byte[] buf = new byte[777_777];
            assertThat(in.read()).isEqualTo(data[0] & 0xff);
            assertThat(in.readNBytes(buf, 0, buf.length)).isEqualTo(buf.length);
            assertThat(buf[0]).isEqualTo(data[1]);
            assertThat(in.skip(5_000_000)).isEqualTo(5_000_000);
            assertThat(in.read()).isEqualTo(data[1 + buf.length + 5_000_000] & 0xff);
        }
        assertThat(c.entry("big.db")).isEqualTo(new Custody.Entry("big.db", data.length, sha));

        // read to the end: the same record as the one-thread path
        Custody d = new Custody();
        try (InputStream in = d.hashing(Files.newInputStream(f), "big.db", data.length)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        Custody e = new Custody();
        try (InputStream in = e.hashing(Files.newInputStream(f), "big.db")) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(d.entries()).isEqualTo(e.entries());
        // already recorded: the stream is handed back as it is
        InputStream raw = Files.newInputStream(f);
        try (raw) {
            assertThat(d.hashing(raw, "big.db", data.length)).isSameAs(raw);
        }
    }

    @Test
    void aReadErrorIsTheReadersAndNothingIsRecorded() throws Exception {
        Custody c = new Custody();
        InputStream failing = new InputStream() {
            int left = 5 << 20;

            @Override
            public int read() throws java.io.IOException {
                if (left-- > 0) return 1;
                throw new java.io.IOException("device error");
            }
        };
        InputStream in = c.hashing(failing, "bad.db", 64L << 20);
        assertThatThrownBy(() -> in.readAllBytes()).hasMessageContaining("device error");
        assertThatThrownBy(in::close).hasMessageContaining("device error");
        assertThat(c.has("bad.db")).isFalse();
    }
}
