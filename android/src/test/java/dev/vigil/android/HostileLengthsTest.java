package dev.vigil.android;

import dev.vigil.android.apk.ApkSigning;
import dev.vigil.android.backup.AdbBackup;
import dev.vigil.android.modules.ProtoReader;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.samples.android.AdbBackupWriter;
import dev.vigil.samples.android.AndroidSamples;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Length fields claiming gigabytes in Android evidence: an adb backup whose tar entry claims
 * 100 GiB (and one with a name leaving the backup), an implausible PBKDF2 round count, a
 * tombstone protobuf whose field length claims a terabyte, an APK Signing Block whose size
 * claims an exabyte. Each parser refuses with a clear error without allocating what was
 * claimed; a whole AndroidQF check holding all of them goes on with the healthy artifacts.
 */
class HostileLengthsTest {
    @TempDir
    Path tmp;

    /** A ustar header; sizes above 8 GiB in base-256 as GNU tar writes them. */
    static byte[] tarHeader(String name, long size) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        if (size < 077777777777L) put(h, 124, String.format("%011o\0", size));
        else {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) h[135 - i] = (byte) (size >>> (8 * i));
        }
        put(h, 136, "14420000000\0");
        h[156] = '0';
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o\0 ", sum));
        return h;
    }

    static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** A plain .ab: the demo SMS files, then an entry escaping the backup, then one claiming 100 GiB. */
    static byte[] hostileBackup() throws IOException {
        byte[] tar = AdbBackupWriter.tar(AdbBackupWriter.demoFiles());
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes("ANDROID BACKUP\n5\n0\nnone\n".getBytes(StandardCharsets.US_ASCII));
        o.write(tar, 0, tar.length - 1024 * 2 > 0 ? lastEntryEnd(tar) : tar.length);
        o.writeBytes(tarHeader("../../../../tmp/vigil-escape.txt", 5));
        byte[] data = new byte[512];
        put(data, 0, "owned");
        o.writeBytes(data);
        o.writeBytes(tarHeader("apps/com.example/f/huge.bin", 100L << 30));
        o.writeBytes(new byte[4096]); // far less than claimed
        return o.toByteArray();
    }

    /** Where the end-of-archive zero blocks of a tar start. */
    static int lastEntryEnd(byte[] tar) {
        int end = tar.length;
        while (end >= 512 && isZero(tar, end - 512)) end -= 512;
        return end;
    }

    static boolean isZero(byte[] b, int off) {
        for (int i = off; i < off + 512; i++) if (b[i] != 0) return false;
        return true;
    }

    @Test
    @Timeout(30)
    void adbBackupEntryClaimingGigabytesAndEscapingNamesAreRefused() throws Exception {
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        try {
            AdbBackup.Contents c = AdbBackup.read(new ByteArrayInputStream(hostileBackup()), "backup.ab", () -> null);
            assertThat(c.files().find("**")).noneMatch(f -> f.path().contains(".."));
            assertThat(c.skipped()).anySatisfy(s -> assertThat(s).contains("unsafe name"));
            assertThat(c.skipped()).anySatisfy(s -> assertThat(s).contains("huge.bin"));
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("backup.ab");
        }
        assertThat(rt.totalMemory() - rt.freeMemory() - before).isLessThan(512L << 20);
        assertThat(Path.of("/tmp/vigil-escape.txt")).doesNotExist();
    }

    @Test
    void adbBackupRoundCountClaimingBillionsIsRefused() {
        String head = "ANDROID BACKUP\n5\n1\nAES-256\n" + "00".repeat(64) + "\n" + "00".repeat(64) + "\n2147483647\n" + "00".repeat(16) + "\n00\n";
        assertThatThrownBy(() -> AdbBackup.read(new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII)), "backup.ab", "pw"::toCharArray))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("round count");
    }

    /** A protobuf message: field 1 (bytes) whose length varint claims 2^40 bytes. */
    static byte[] protobufClaimingATerabyte() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x0A);
        long len = 1L << 40;
        while (len >= 0x80) {
            o.write((int) (len & 0x7F) | 0x80);
            len >>>= 7;
        }
        o.write((int) len);
        o.writeBytes("short".getBytes(StandardCharsets.US_ASCII));
        return o.toByteArray();
    }

    @Test
    void protobufLengthClaimingATerabyteIsRefused() {
        assertThatThrownBy(() -> ProtoReader.parse(protobufClaimingATerabyte())).isInstanceOf(IOException.class)
                .hasMessageContaining("runs past the data");
    }

    /** The APK with its signing block's size fields set to {@code size}. */
    static byte[] apkWithBlockSize(byte[] apk, long size) {
        byte[] b = apk.clone();
        byte[] magic = "APK Sig Block 42".getBytes(StandardCharsets.US_ASCII);
        int m = -1;
        for (int i = b.length - magic.length; i >= 0 && m < 0; i--) if (Arrays.equals(b, i, i + 16, magic, 0, 16)) m = i;
        assertThat(m).as("the sample APK has a signing block").isPositive();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(m - 8, size);
        return b;
    }

    @Test
    void apkSigningBlockClaimingAnExabyteIsRefused() throws Exception {
        byte[] apk = sampleFile("apks/com.serv.services_base.apk");
        assertThat(ApkSigning.signingBlock(new SeekableInMemoryByteChannel(apk))).isNotEmpty();
        for (long size : new long[] {1L << 60, -1L, Integer.MAX_VALUE + 10L, apk.length + 100L}) {
            assertThatThrownBy(() -> ApkSigning.signingBlock(new SeekableInMemoryByteChannel(apkWithBlockSize(apk, size))))
                    .isInstanceOf(IOException.class).hasMessageContaining("signing block");
        }
    }

    private byte[] sampleZip;

    private byte[] sampleFile(String name) throws Exception {
        if (sampleZip == null) sampleZip = Files.readAllBytes(new AndroidSamples.AndroidQf().build(tmp.resolve("qf-sample")));
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(sampleZip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) if (e.getName().equals(name)) return z.readAllBytes();
        }
        throw new AssertionError("no " + name);
    }

    @Test
    @Timeout(120)
    void anAndroidQfCheckHoldingAllOfThemGoesOn() throws Exception {
        sampleFile("getprop.txt");
        Path dir = Files.createDirectories(tmp.resolve("qf"));
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(sampleZip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.isDirectory()) continue;
                byte[] data = z.readAllBytes();
                if (e.getName().equals("backup.ab")) data = hostileBackup();
                else if (e.getName().endsWith(".apk")) data = apkWithBlockSize(data, 1L << 60);
                else if (e.getName().equals("bugreport.zip")) data = withHostileTombstone(data);
                Path p = dir.resolve(e.getName());
                Files.createDirectories(p.getParent());
                Files.write(p, data);
            }
        }
        RunResult r = Runs.run(new AndroidQfType(), dir, new CheckOptions(), Indicators.of());
        String summary = Runs.summary(r);
        for (String healthy : List.of("getprop", "packages", "processes")) {
            assertThat(Runs.module(r, healthy).status()).as(summary).isEqualTo(ModuleStatus.OK);
            assertThat(Runs.records(r, healthy)).as(summary).isNotEmpty();
        }
        // The hostile tombstone is named; the healthy ones next to it are read.
        ModuleResult tomb = Runs.module(r, "tombstones");
        assertThat(tomb.status()).as(summary).isEqualTo(ModuleStatus.OK);
        assertThat(tomb.warnings()).as(summary).anySatisfy(w -> assertThat(w).contains("tombstone_01.pb"));
        assertThat(tomb.records()).as(summary).isNotEmpty();
        // The APKs with a lying block: an error or a warning naming them, never a silent pass.
        ModuleResult apks = Runs.module(r, "apk_signatures");
        if (apks.status() == ModuleStatus.ERROR) assertThat(apks.error()).as(summary).isNotBlank();
        else assertThat(apks.warnings()).as(summary).anySatisfy(w -> assertThat(w).contains("signing block"));
        assertThat(summary).doesNotContain("vigil-escape");
        assertThat(Path.of("/tmp/vigil-escape.txt")).doesNotExist();
    }

    static byte[] withHostileTombstone(byte[] bugreport) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bugreport)); ZipOutputStream out = new ZipOutputStream(o)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                if (e.getName().endsWith("tombstone_01.pb")) data = protobufClaimingATerabyte();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        return o.toByteArray();
    }

}
