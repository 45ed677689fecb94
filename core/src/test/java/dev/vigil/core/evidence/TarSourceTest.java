package dev.vigil.core.evidence;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarSourceTest {
    @TempDir
    Path tmp;

    static final String LONG = "filesystem1/private/var/mobile/Containers/Data/Application/5D5E8D4C-1F1B-4E5A-9D1E-3C2B1A0F9E8D/Library/Caches/com.apple.mobilesafari/Cache.db";

    /** Writes a tar with the given files (name -> content), POSIX long names, optionally gzip. */
    static Path tar(Path file, Map<String, byte[]> files, boolean gzip, int longMode) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
             TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(longMode);
            for (var e : files.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey(), true);
                te.setSize(e.getValue().length);
                te.setMode(0100644);
                t.putArchiveEntry(te);
                t.write(e.getValue());
                t.closeArchiveEntry();
            }
        }
        return file;
    }

    static Map<String, byte[]> sample() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("filesystem1/private/var/mobile/a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
        m.put(LONG, new byte[70_000]);
        m.put(LONG + "-wal", "wal".getBytes(StandardCharsets.UTF_8));
        m.put("filesystem1/private/var/db/x.bin", new byte[] {1, 2, 3});
        return m;
    }

    static String strip(String n) {
        return n.startsWith("filesystem1/") ? n.substring(12) : n;
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @ParameterizedTest
    @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU})
    void plainTarIndexesLongNamesAndReadsByOffsetInParallel(int longMode) throws Exception {
        Path f = tar(tmp.resolve("d.tar"), sample(), false, longMode);
        try (TarSource s = new TarSource(f, "ios-fs", TarSourceTest::strip, List.of(), false)) {
            assertThat(s.compressed()).isFalse();
            assertThat(s.size()).isEqualTo(4);
            assertThat(s.find("**/Cache.db")).extracting(EvidenceFile::path).containsExactly(strip(LONG));
            assertThat(s.find("private/var/mobile/*.txt")).hasSize(1);
            // parallel reads by position return the exact bytes
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String p = i % 2 == 0 ? "private/var/mobile/a.txt" : strip(LONG);
                fs.add(pool.submit(() -> s.readAll(s.findOne(p), 1 << 20)));
            }
            for (int i = 0; i < fs.size(); i++) assertThat(fs.get(i).get()).hasSize(i % 2 == 0 ? 5 : 70_000);
            pool.shutdown();
            assertThat(new String(s.readAll(s.findOne("private/var/mobile/a.txt"), 100), StandardCharsets.UTF_8)).isEqualTo("alpha");
            // the first bytes of each file were seen in the pass
            assertThat(s.head(s.findOne("private/var/mobile/a.txt"))).isEqualTo("alph".getBytes(StandardCharsets.UTF_8));
            assertThat(s.head(s.findOne(strip(LONG)))).containsExactly(0, 0, 0, 0);
            assertThat(s.head(s.findOne("private/var/db/x.bin"))).isNull(); // 3 bytes
            assertThat(s.custody().entries()).singleElement().satisfies(e -> {
                assertThat(e.path()).isEqualTo("d.tar");
                assertThat(e.sha256()).isEqualTo(sha(Files.readAllBytes(f)));
                assertThat(e.size()).isEqualTo(Files.size(f));
            });
        }
    }

    @Test
    void gzipKeepsOnlyWantedEntriesAndTheirWal() throws Exception {
        Path f = tar(tmp.resolve("d.tar.gz"), sample(), true, TarArchiveOutputStream.LONGFILE_POSIX);
        try (TarSource s = new TarSource(f, "ios-fs", TarSourceTest::strip, List.of("**/Cache.db"), false)) {
            assertThat(s.compressed()).isTrue();
            EvidenceFile db = s.findOne("**/Cache.db");
            assertThat(s.readAll(db, 1 << 20)).hasSize(70_000);
            assertThat(s.readAll(s.findOne(db.path() + "-wal"), 100)).isEqualTo("wal".getBytes(StandardCharsets.UTF_8));
            EvidenceFile other = s.findOne("private/var/mobile/a.txt");
            assertThat(s.readable(other)).isFalse();
            assertThatThrownBy(() -> s.open(other)).hasMessageContaining("not kept");
            assertThat(s.custody().entries().get(0).sha256()).isEqualTo(sha(Files.readAllBytes(f)));
        }
    }

    @Test
    void plainTarStreamedForHashesStillReadsByOffset() throws Exception {
        Path f = tar(tmp.resolve("h.tar"), sample(), false, TarArchiveOutputStream.LONGFILE_GNU);
        try (TarSource s = new TarSource(f, "ios-fs", TarSourceTest::strip, List.of(), true)) {
            EvidenceFile a = s.findOne("private/var/mobile/a.txt");
            assertThat(a.attributes().get("sha256")).isEqualTo(sha("alpha".getBytes(StandardCharsets.UTF_8)));
            assertThat(s.readAll(a, 100)).isEqualTo("alpha".getBytes(StandardCharsets.UTF_8));
            assertThat(s.readAll(s.findOne("private/var/db/x.bin"), 100)).containsExactly(1, 2, 3);
            assertThat(s.custody().entries().get(0).sha256()).isEqualTo(sha(Files.readAllBytes(f)));
        }
    }

    @Test
    void entryHashesComputedInThePass() throws Exception {
        Path f = tar(tmp.resolve("d.tar.gz"), sample(), true, TarArchiveOutputStream.LONGFILE_POSIX);
        try (TarSource s = new TarSource(f, "ios-fs", TarSourceTest::strip, List.of(), true)) {
            assertThat(s.findOne("private/var/mobile/a.txt").attributes().get("sha256")).isEqualTo(sha("alpha".getBytes(StandardCharsets.UTF_8)));
            assertThat(s.findOne("**/Cache.db").attributes().get("sha256")).isEqualTo(sha(new byte[70_000]));
        }
    }

    @Test
    void largeWantedEntriesOfACompressedArchiveSpillToAPrivateTempFolderDeletedOnClose() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("big/Cache.db", new byte[(int) TarSource.MAX_IN_MEMORY_ENTRY + 10]);
        Path f = tar(tmp.resolve("big.tar.gz"), m, true, TarArchiveOutputStream.LONGFILE_POSIX);
        TarSource s = new TarSource(f, "x", null, List.of("**/Cache.db"), false);
        try (InputStream in = s.open(s.findOne("big/Cache.db"))) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(TarSource.MAX_IN_MEMORY_ENTRY + 10);
        }
        s.close();
        try (var list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            // our folder is gone (others' vigil-tar- folders may exist concurrently; ours held one file named entry*.bin)
            assertThat(list.filter(p -> p.getFileName().toString().startsWith("vigil-tar-"))
                    .filter(p -> {
                        try (var in = Files.list(p)) {
                            return in.anyMatch(x -> x.toString().contains("entry"));
                        } catch (IOException e) {
                            return false;
                        }
                    }).count()).isZero();
        }
    }

    @Test
    void hostileNamesAreRefusedAndLinksNeverFollowed() throws Exception {
        Path f = tmp.resolve("evil.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(f))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String n : List.of("../../etc/passwd", "a/../../b", "/private/var/abs.txt", "./private/var/dot.txt", "c\\d")) {
                TarArchiveEntry e = new TarArchiveEntry(n, true);
                e.setSize(1);
                t.putArchiveEntry(e);
                t.write('x');
                t.closeArchiveEntry();
            }
            TarArchiveEntry link = new TarArchiveEntry("private/var/link", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            t.putArchiveEntry(link);
            t.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("private/var/hard", TarConstants.LF_LINK);
            hard.setLinkName("../../../etc/shadow");
            t.putArchiveEntry(hard);
            t.closeArchiveEntry();
        }
        try (TarSource s = new TarSource(f, "x", null, List.of(), false)) {
            assertThat(s.rejected()).containsExactly("../../etc/passwd", "a/../../b", "c\\d");
            List<String> paths = new ArrayList<>();
            s.walk(e -> paths.add(e.path()));
            assertThat(paths).containsExactly("private/var/abs.txt", "private/var/dot.txt", "private/var/hard", "private/var/link");
            EvidenceFile link = s.findOne("private/var/link");
            assertThat(link.attributes()).containsEntry("symlink", "/etc/passwd");
            assertThatThrownBy(() -> s.open(link)).hasMessageContaining("refusing to follow");
            assertThat(s.findOne("private/var/hard").attributes()).containsEntry("hardlink", "../../../etc/shadow");
            assertThatThrownBy(() -> s.open(s.findOne("private/var/hard"))).hasMessageContaining("refusing to follow");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedArchiveKeepsWhatWasReadAndSaysSo(boolean gzip) throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) m.put("private/var/f" + i, new byte[10_000]);
        Path full = tar(tmp.resolve("full" + gzip), m, gzip, TarArchiveOutputStream.LONGFILE_POSIX);
        byte[] b = Files.readAllBytes(full);
        Path cut = Files.write(tmp.resolve("cut" + gzip), java.util.Arrays.copyOf(b, b.length / 2));
        try (TarSource s = new TarSource(cut, "x", null, List.of(), false)) {
            assertThat(s.problems()).anySatisfy(p -> assertThat(p).containsAnyOf("truncated", "corrupt"));
            assertThat(s.size()).isBetween(1, 19);
        }
    }

    @Test
    void archiveWithoutEndMarkerKeepsEveryEntryAndSaysSo() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("private/var/a", new byte[600]);
        m.put("private/var/b", new byte[10]);
        Path full = tar(tmp.resolve("full.tar"), m, false, TarArchiveOutputStream.LONGFILE_POSIX);
        // two entries: header + 2 blocks, header + 1 block; drop the end-of-archive zero blocks
        Path cut = Files.write(tmp.resolve("noend.tar"), java.util.Arrays.copyOf(Files.readAllBytes(full), 512 * 5));
        try (TarSource s = new TarSource(cut, "x", null, List.of(), false)) {
            assertThat(s.size()).isEqualTo(2);
            assertThat(s.readAll(s.findOne("private/var/b"), 100)).hasSize(10);
            assertThat(s.problems()).singleElement().asString().contains("no end-of-archive marker");
        }
    }

    @Test
    void notATarIsAClearError() throws Exception {
        Path f = Files.write(tmp.resolve("junk.tar"), "this is not a tar archive at all, just text".repeat(40).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new TarSource(f, "x", null, List.of(), false)).isInstanceOf(IOException.class);
    }

    @Test
    void peekReadsOnlyTheStart() throws Exception {
        Path f = tar(tmp.resolve("d.tar.gz"), sample(), true, TarArchiveOutputStream.LONGFILE_POSIX);
        assertThat(TarSource.peekNames(f, 2)).containsExactly("filesystem1/private/var/mobile/a.txt", LONG);
        assertThat(TarSource.isGzip(f)).isTrue();
    }

    @Test
    void zipBombByRatioIsStopped() throws Exception {
        Path f = tmp.resolve("bomb.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(f))) {
            z.putArchiveEntry(new ZipArchiveEntry("private/var/bomb.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 66; i++) z.write(zeros);
            z.closeArchiveEntry();
        }
        assertThat(Files.size(f)).isLessThan(1 << 20);
        try (ZipSource s = new ZipSource(f, "x")) {
            assertThatThrownBy(() -> {
                try (InputStream in = s.open(s.findOne("private/var/bomb.bin"))) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }).hasMessageContaining("zip bomb");
        }
    }

    @Test
    void zipSlipAbsoluteNamesAndRename() throws Exception {
        Path f = tmp.resolve("slip.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(Files.newOutputStream(f))) {
            for (String n : List.of("../evil.txt", "/var/mobile/x.txt", "filesystem1/private/var/y.txt")) {
                z.putArchiveEntry(new ZipArchiveEntry(n));
                z.write('x');
                z.closeArchiveEntry();
            }
        }
        try (ZipSource s = new ZipSource(f, "x", n -> {
            String m = n.startsWith("filesystem1/") ? n.substring(12) : n;
            return m.startsWith("var/") ? "private/" + m : m;
        })) {
            assertThat(s.rejected()).containsExactly("../evil.txt");
            List<String> paths = new ArrayList<>();
            s.walk(e -> paths.add(e.path()));
            assertThat(paths).containsExactlyInAnyOrder("private/var/mobile/x.txt", "private/var/y.txt");
        }
        assertThat(ZipSource.peekNames(f, 10)).containsExactly("var/mobile/x.txt", "filesystem1/private/var/y.txt");
        assertThat(Set.copyOf(ZipSource.peekNames(f, 10))).doesNotContain("../evil.txt");
    }

    /** find() walks the sorted index by segments: it must answer exactly as the glob's regular expression over every path. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void findAgreesWithGlobMatchingOnRandomTrees(int seed) throws Exception {
        java.util.Random r = new java.util.Random(seed);
        String[] segs = {"a", "b", "ab", "a-b", "a.b", "a0", "x", "Cache.db", "c d", "é"};
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int depth = 1 + r.nextInt(4);
            for (int d = 0; d < depth; d++) sb.append(d == 0 ? "" : "/").append(segs[r.nextInt(segs.length)]);
            m.put(sb.toString(), new byte[] {1});
        }
        Path f = tar(tmp.resolve("r" + seed + ".tar"), m, false, TarArchiveOutputStream.LONGFILE_POSIX);
        String[] gsegs = {"a", "b", "*", "?", "a*", "*b", "**", "*.db", "Cache.db", "x?", "a-b", "*-*", "c d", "?"};
        try (TarSource s = new TarSource(f, "x", null, List.of(), false)) {
            List<EvidenceFile> all = s.find("**");
            assertThat(all).hasSize(s.size());
            for (int g = 0; g < 400; g++) {
                StringBuilder sb = new StringBuilder(r.nextInt(8) == 0 ? "/" : "");
                int depth = 1 + r.nextInt(4);
                for (int d = 0; d < depth; d++) sb.append(d == 0 ? "" : "/").append(gsegs[r.nextInt(gsegs.length)]);
                if (r.nextInt(5) == 0) sb.append("/**");
                String glob = sb.toString();
                Glob expected = Glob.of(glob);
                assertThat(s.find(glob)).as(glob).extracting(EvidenceFile::path)
                        .containsExactlyElementsOf(all.stream().map(EvidenceFile::path).filter(expected::matches).toList());
            }
        }
    }

    @Test
    void hostileNumericFieldsAreBoundedErrorsOrIgnored() throws Exception {
        // a base-256 modification time far past year 9999, and a PAX mtime that is not a number: the entry is kept, without a time
        Path f = tmp.resolve("times.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(f))) {
            t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            TarArchiveEntry e = new TarArchiveEntry("private/var/far", true);
            e.setModTime(new java.util.Date(Long.MAX_VALUE / 2));
            e.setSize(1);
            t.putArchiveEntry(e);
            t.write('x');
            t.closeArchiveEntry();
        }
        byte[] head = Files.readAllBytes(f);
        int end = head.length - 1024; // before the end-of-archive blocks
        while (end > 0 && isZeroBlock(head, end - 512)) end -= 512;
        String rec = "16 mtime=1.2.3e\n" + "11 size=-5\n";
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        raw.write(head, 0, end);
        raw.write(header("PaxHeaders/paxtime", rec.length(), 'x'));
        raw.write(java.util.Arrays.copyOf(rec.getBytes(StandardCharsets.US_ASCII), 512));
        raw.write(header("private/var/paxtime", 1, '0'));
        raw.write(java.util.Arrays.copyOf(new byte[] {'y'}, 512));
        raw.write(new byte[1024]);
        Files.write(f, raw.toByteArray());
        try (TarSource s = new TarSource(f, "x", null, List.of(), false)) {
            assertThat(s.size()).as(s.problems().toString()).isEqualTo(2);
            assertThat(s.problems()).isEmpty();
            assertThat(s.findOne("private/var/far").modified()).isNull();
            EvidenceFile pax = s.findOne("private/var/paxtime"); // unreadable PAX values fall back to the header's
            assertThat(pax.modified()).isEqualTo(java.time.Instant.ofEpochSecond(1685613600L));
            assertThat(pax.size()).isEqualTo(1);
            assertThat(s.readAll(pax, 10)).containsExactly('y');
        }
        // a size field that is not octal: one clear error
        byte[] b = Files.readAllBytes(tar(tmp.resolve("one.tar"), Map.of("private/var/a", new byte[3]), false, TarArchiveOutputStream.LONGFILE_POSIX));
        b[124] = 'z';
        fixChecksum(b, 0);
        Path bad = Files.write(tmp.resolve("bad.tar"), b);
        assertThatThrownBy(() -> new TarSource(bad, "x", null, List.of(), false)).isInstanceOf(IOException.class).hasMessageContaining("size");
        // a size claiming more than the file holds: truncated, said so
        b = Files.readAllBytes(tmp.resolve("one.tar"));
        byte[] huge = "77777777777\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(huge, 0, b, 124, 12);
        fixChecksum(b, 0);
        Path big = Files.write(tmp.resolve("big.tar"), b);
        try (TarSource s = new TarSource(big, "x", null, List.of(), false)) {
            assertThat(s.size()).isZero();
            assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("truncated"));
        }
    }

    @Test
    void safeNameFastPathAgreesWithTheZipRule() {
        java.util.Random r = new java.util.Random(11);
        String[] parts = {"a", ".", "..", "/", "\\", "\0", "b.c", ".d", "e..", "é"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(7); k >= 0; k--) sb.append(parts[r.nextInt(parts.length)]);
            String n = sb.toString();
            assertThat(TarSource.safeName(n)).as(n).isEqualTo(ZipSource.safeName(n));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void ofDuplicateEntriesTheFirstIsKeptAcrossSortRuns(boolean gzip) throws Exception {
        Path f = tmp.resolve("dup" + gzip);
        try (OutputStream raw = Files.newOutputStream(f);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
             TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < 9000; i++) {
                String name = i % 4000 == 0 ? "private/var/dup" : String.format("private/var/f%05d", 9000 - i);
                byte[] content = {(byte) ('0' + i / 4000)};
                TarArchiveEntry e = new TarArchiveEntry(name, true);
                e.setSize(1);
                t.putArchiveEntry(e);
                t.write(content);
                t.closeArchiveEntry();
            }
        }
        try (TarSource s = new TarSource(f, "x", null, List.of("private/var/dup"), false)) {
            assertThat(s.size()).isEqualTo(8998);
            assertThat(s.readAll(s.findOne("private/var/dup"), 10)).containsExactly('0');
            assertThat(s.problems()).containsExactly("2 entries appear more than once; the first of each was kept");
            List<String> paths = new ArrayList<>();
            s.walk(e -> paths.add(e.path()));
            assertThat(paths).isSorted();
        }
    }

    /**
     * Whether the parser hands every chunk to the hasher (through a pool of many buffers, or of
     * one handed back and forth), hands over none (the hasher reads the whole file itself) or
     * hands over the first part, the hash covers every byte once, trailer included.
     */
    @Test
    void custodyHashCoversTheWholeFileWhateverThePathOfEachChunk() throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 40; i++) {
            byte[] b = new byte[300_000 + r.nextInt(200_000)];
            r.nextBytes(b);
            m.put("private/var/f" + i, b);
        }
        Path f = tar(tmp.resolve("big.tar"), m, false, TarArchiveOutputStream.LONGFILE_POSIX);
        Files.write(f, new byte[777_777], java.nio.file.StandardOpenOption.APPEND); // bytes after the end-of-archive blocks
        long size = Files.size(f);
        long[][] rounds = { // {pool depth, tail the hasher reads itself}
            {TarSource.ChunkedInput.DEPTH, 0}, {1, 0}, {TarSource.ChunkedInput.DEPTH, size / 2 + 12_345},
            {1, size / 3}, {TarSource.ChunkedInput.DEPTH, size}, {TarSource.ChunkedInput.DEPTH, TarSource.ChunkedInput.TAIL}};
        for (long[] round : rounds) {
            TarSource.ChunkedInput.depth = (int) round[0];
            TarSource.ChunkedInput.tail = round[1];
            try (TarSource s = new TarSource(f, "x", null, List.of(), false)) {
                assertThat(s.size()).isEqualTo(40);
                assertThat(s.readAll(s.findOne("private/var/f7"), 1 << 20)).isEqualTo(m.get("private/var/f7"));
                assertThat(s.custody().entries()).singleElement().satisfies(e -> {
                    assertThat(e.size()).isEqualTo(size);
                    assertThat(e.sha256()).isEqualTo(sha(Files.readAllBytes(f)));
                });
                assertThat(s.problems()).isEmpty();
            } finally {
                TarSource.ChunkedInput.depth = TarSource.ChunkedInput.DEPTH;
                TarSource.ChunkedInput.tail = TarSource.ChunkedInput.TAIL;
            }
        }
        // closed before anyone asked for the hash: the hasher stops, nothing is left running or open
        new TarSource(f, "x", null, List.of(), false).close();
    }

    /** Random damage to a real archive (flipped bytes, cut ends, both): an IOException or a usable source, never anything else. */
    @ParameterizedTest
    @ValueSource(ints = {TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU})
    void damagedArchivesFailCleanly(int longMode) throws Exception {
        byte[] good = Files.readAllBytes(tar(tmp.resolve("good.tar"), sample(), false, longMode));
        java.util.Random r = new java.util.Random(longMode);
        for (int round = 0; round < 300; round++) {
            byte[] b = good.clone();
            for (int k = 1 + r.nextInt(6); k > 0; k--) {
                int at = r.nextInt(Math.min(b.length, 2048 + r.nextInt(b.length)));
                b[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : b[at] ^ (1 << r.nextInt(8)));
                if (r.nextInt(4) == 0) fixChecksum(b, at & ~511); // damage that passes the header checksum
            }
            if (r.nextInt(3) == 0) b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            long len = b.length;
            Path f = Files.write(tmp.resolve("damaged.tar"), b);
            try (TarSource s = new TarSource(f, "x", null, List.of(), r.nextBoolean())) {
                for (EvidenceFile e : s.find("**")) {
                    try (InputStream in = s.open(e)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException expected) {
                        // this entry cannot be read; the others can
                    }
                }
                assertThat(s.custody().entries()).singleElement().satisfies(e -> assertThat(e.size()).isEqualTo(len));
            } catch (IOException expected) {
                // not a readable archive: one clear error
            }
        }
    }

    static boolean isZeroBlock(byte[] b, int at) {
        for (int i = at; i < at + 512; i++) if (b[i] != 0) return false;
        return true;
    }

    /** A ustar header block. */
    static byte[] header(String name, long size, char type) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        System.arraycopy("0000644\0".getBytes(StandardCharsets.US_ASCII), 0, h, 100, 8);
        System.arraycopy(String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII), 0, h, 124, 12);
        System.arraycopy(String.format("%011o\0", 1685613600L).getBytes(StandardCharsets.US_ASCII), 0, h, 136, 12);
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        fixChecksum(h, 0);
        return h;
    }

    static void fixChecksum(byte[] b, int at) {
        for (int i = 148; i < 156; i++) b[at + i] = ' ';
        int sum = 0;
        for (int i = 0; i < 512; i++) sum += b[at + i] & 0xff;
        byte[] o = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(o, 0, b, at + 148, 8);
    }

    @Test
    void headerChecksumsAreSummedAsTarDoesUnsignedOrSigned() {
        java.util.Random rnd = new java.util.Random(11);
        for (int round = 0; round < 3000; round++) {
            byte[] h = new byte[512];
            rnd.nextBytes(h);
            if (round % 3 == 0) for (int i = 0; i < 512; i++) h[i] &= 0x7f; // plain ASCII headers
            if (round % 5 == 0) java.util.Arrays.fill(h, (byte) 0xff); // the largest sums
            int unsigned = 0, signed = 0;
            for (int i = 0; i < 512; i++) {
                int b = i >= 148 && i < 156 ? ' ' : h[i];
                unsigned += b & 0xff;
                signed += b;
            }
            int sum = switch (round % 4) {
                case 0, 1 -> unsigned;
                case 2 -> signed;
                default -> unsigned + 1; // wrong
            };
            byte[] field = String.format("%06o\0 ", sum & 0x3ffff).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(field, 0, h, 148, 8);
            boolean expected = (sum & 0x3ffff) == unsigned || (sum & 0x3ffff) == signed;
            assertThat(TarSource.Walker.checksumOk(h)).as("round %d", round).isEqualTo(expected);
        }
    }
}
