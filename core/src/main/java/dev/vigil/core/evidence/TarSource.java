package dev.vigil.core.evidence;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/**
 * A .tar or .tar.gz archive (a filesystem dump, a sysdiagnose) read in place in ONE
 * streaming pass: nothing is extracted. The pass reads every entry header (GNU and PAX long
 * names included), hashes the archive itself into the custody log on a second thread while
 * it reads, optionally hashes every entry's content ({@code hashEntries}: SHA-256 in the
 * {@code sha256} attribute), and then:
 * <ul>
 *   <li>for a plain .tar, remembers where each entry's data starts, so {@link #open} later
 *       reads it by position (thread-safe, any number of modules in parallel);</li>
 *   <li>for a .tar.gz, which can only be streamed, keeps the content of the entries some
 *       module asked for (the {@code wanted} globs, from {@code ArtifactModule.paths()},
 *       plus their SQLite -wal/-shm companions): in memory up to a budget, beyond that in a
 *       private temporary folder (owner-only, deleted on {@link #close}). Other entries are
 *       listed but cannot be opened.</li>
 * </ul>
 * Entry names become safe logical paths with {@link ZipSource#safeName} (names with ".."
 * segments, NUL or backslashes are refused and listed in {@link #rejected()}), then pass
 * through the caller's {@code rename} (strip a dump prefix; null drops the entry). Symbolic
 * and hard links are reported (attributes {@code symlink} / {@code hardlink} with the target)
 * and never followed. A truncated or corrupt archive keeps the entries read so far and says
 * so in {@link #problems()}.
 */
public final class TarSource implements EvidenceSource {
    /** Most entries accepted from one archive. */
    public static final int MAX_ENTRIES = 20_000_000;
    /** Largest wanted entry kept in memory (bigger ones go to the private temporary folder). */
    public static final long MAX_IN_MEMORY_ENTRY = 32L << 20;
    /** Total memory for kept entries of a compressed archive. */
    public static final long MEMORY_BUDGET = 160L << 20;
    /** Largest compression ratio accepted from a .tar.gz once it has expanded past {@link #RATIO_FLOOR}. */
    public static final long MAX_RATIO = 200;
    static final long RATIO_FLOOR = 1L << 30;

    private final Path file;
    private final String type;
    private final boolean gzip;
    private final Custody custody = new Custody();
    private final List<String> rejected = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private EvidenceFile[] files;
    private Data[] data;
    private FileChannel channel;
    private Path tempDir;
    private long kept;
    private long bytesRead;

    /** Where an entry's content is: at an offset of the plain archive, in memory, or in the temporary folder. */
    private record Data(long offset, long size, byte[] memory, Path temp, boolean sparse, boolean link) {}

    /**
     * Reads the archive's headers in one pass.
     *
     * @param file        the .tar or .tar.gz (gzip is recognised by its magic number)
     * @param type        evidence type name for run.json
     * @param rename      maps a safe entry name to its logical path, or null to drop the entry
     * @param wanted      globs of the logical paths whose content modules will read (used for .tar.gz)
     * @param hashEntries whether to compute the SHA-256 of every entry's content in the pass
     */
    public TarSource(Path file, String type, UnaryOperator<String> rename, Collection<String> wanted, boolean hashEntries) throws IOException {
        this.file = file;
        this.type = type;
        this.gzip = isGzip(file);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) throw new IOException(file + " is not a regular file");
        Wanted w = new Wanted(wanted == null ? List.of() : wanted);
        try {
            index(rename == null ? UnaryOperator.identity() : rename, w, hashEntries);
            if (!gzip) channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            deleteTemp();
            throw e;
        }
    }

    /** The first entry names of an archive (safe names, at most {@code max}), reading only its start: for detection. */
    public static List<String> peekNames(Path file, int max) {
        List<String> out = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             InputStream in = isGzip(file) ? new GZIPInputStream(raw, 1 << 16) : raw;
             TarArchiveInputStream tin = new TarArchiveInputStream(in, true)) {
            TarArchiveEntry e;
            long budget = 64L << 20; // never decompress more than this for a peek
            long seen = 0;
            while (out.size() < max && (e = tin.getNextEntry()) != null) {
                String n = ZipSource.safeName(e.getName());
                if (n != null && !n.isEmpty()) out.add(e.isDirectory() ? n + "/" : n);
                seen += 512 + Math.max(0, e.getSize());
                if (seen > budget) break;
            }
        } catch (IOException | RuntimeException e) {
            // detection must never throw: what was read so far is the answer
        }
        return out;
    }

    /** True when the file starts with the gzip magic number. */
    public static boolean isGzip(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(2);
            return m.length == 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the file looks like a tar archive (ustar magic at offset 257, or a valid first header checksum). */
    public static boolean isTar(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(512);
            return h.length == 512 && TarArchiveInputStream.matches(h, h.length);
        } catch (IOException e) {
            return false;
        }
    }

    private void index(UnaryOperator<String> rename, Wanted wanted, boolean hashEntries) throws IOException {
        List<EvidenceFile> fl = new ArrayList<>();
        List<Data> dl = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long compressedSize = Files.size(file);
        int duplicates = 0;
        ParallelDigestStream digest = new ParallelDigestStream(Files.newInputStream(file, StandardOpenOption.READ));
        Counting counting;
        InputStream decoded;
        boolean complete = false;
        try {
            if (gzip) {
                decoded = new GZIPInputStream(digest, 1 << 16);
                counting = new Counting(new BufferedInputStream(decoded, 1 << 16));
            } else {
                counting = new Counting(new BufferedInputStream(digest, 1 << 16));
            }
            TarArchiveInputStream tin = new TarArchiveInputStream(counting, true);
            byte[] buf = new byte[1 << 16];
            MessageDigest entryDigest = hashEntries ? Custody.sha256() : null;
            try {
                TarArchiveEntry e;
                while ((e = tin.getNextEntry()) != null) {
                    long offset = counting.count;
                    if (gzip && counting.count > RATIO_FLOOR && counting.count / Math.max(1, digest.count) > MAX_RATIO) {
                        throw new IOException("compression ratio over " + MAX_RATIO + ":1 (a compression bomb?)");
                    }
                    if (e.isDirectory()) continue;
                    String safe = ZipSource.safeName(e.getName());
                    if (safe == null || safe.isEmpty()) {
                        if (rejected.size() < 10_000) rejected.add(e.getName());
                        continue;
                    }
                    String logical = rename.apply(safe);
                    if (logical == null || logical.isEmpty()) continue;
                    if (!seen.add(logical)) {
                        duplicates++;
                        continue;
                    }
                    if (fl.size() >= MAX_ENTRIES) {
                        problems.add("more than " + MAX_ENTRIES + " entries: the rest of the archive was not indexed");
                        break;
                    }
                    boolean symlink = e.isSymbolicLink();
                    boolean hardlink = e.isLink();
                    Map<String, Object> attrs = new HashMap<>(4);
                    if (symlink) attrs.put("symlink", e.getLinkName());
                    if (hardlink) attrs.put("hardlink", e.getLinkName());
                    if (e.getMode() != 0) attrs.put("mode", e.getMode());
                    if (e.isSparse()) attrs.put("sparse", true);
                    long size = symlink || hardlink ? 0 : e.getRealSize();
                    Instant mtime = e.getLastModifiedDate() == null ? null : e.getLastModifiedDate().toInstant();
                    boolean keep = gzip && !symlink && !hardlink && wanted.test(logical);
                    byte[] memory = null;
                    Path temp = null;
                    if (keep || entryDigest != null) {
                        OutputStream sink = null;
                        ByteArrayOutputStream mem = null;
                        if (keep) {
                            if (size <= MAX_IN_MEMORY_ENTRY && kept + size <= MEMORY_BUDGET) {
                                mem = new ByteArrayOutputStream((int) Math.max(32, size));
                                sink = mem;
                            } else {
                                temp = Files.createTempFile(tempDir(), "entry", ".bin");
                                sink = Files.newOutputStream(temp);
                            }
                        }
                        try {
                            int n;
                            long total = 0;
                            while ((n = tin.read(buf)) > 0) {
                                total += n;
                                if (entryDigest != null) entryDigest.update(buf, 0, n);
                                if (sink != null) {
                                    if (mem != null && total > MAX_IN_MEMORY_ENTRY) throw new IOException(logical + ": entry larger than its header says");
                                    sink.write(buf, 0, n);
                                }
                            }
                        } finally {
                            if (sink != null) sink.close();
                        }
                        if (mem != null) {
                            memory = mem.toByteArray();
                            kept += memory.length;
                        }
                        if (entryDigest != null && !symlink && !hardlink) attrs.put("sha256", HexFormat.of().formatHex(entryDigest.digest()));
                        else if (entryDigest != null) entryDigest.reset();
                    }
                    fl.add(new EvidenceFile(logical, symlink || hardlink ? -1 : size, mtime, attrs));
                    dl.add(new Data(gzip ? -1 : offset, size, memory, temp, e.isSparse(), symlink || hardlink));
                }
                complete = true;
            } catch (EOFException ex) {
                problems.add("the archive is truncated: " + fl.size() + " entries were read before its end");
            } catch (IOException ex) {
                if (fl.isEmpty() && rejected.isEmpty()) throw new IOException(file.getFileName() + " is not a readable tar archive: " + ex.getMessage(), ex);
                if (String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("truncated")) {
                    problems.add("the archive is truncated: " + fl.size() + " entries were read before its end");
                } else problems.add("the archive is corrupt after " + fl.size() + " entries: " + ex.getMessage());
            }
            // Drain the rest (end-of-archive padding) so the custody hash covers the whole file.
            byte[] drain = new byte[1 << 16];
            try {
                while (digest.read(drain) > 0) {
                    // hashing only
                }
            } catch (IOException ex) {
                problems.add("could not read to the end of the archive: " + ex.getMessage());
            }
            bytesRead = counting.count;
        } finally {
            String sha = digest.finish();
            if (sha != null) custody.record(file.getFileName().toString(), digest.count, sha);
            digest.close();
        }
        if (duplicates > 0) problems.add(duplicates + " entries appear more than once; the first of each was kept");
        if (!complete && fl.isEmpty() && problems.isEmpty()) problems.add("no entries");
        Integer[] order = new Integer[fl.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparing(i -> fl.get(i).path()));
        files = new EvidenceFile[order.length];
        data = new Data[order.length];
        for (int i = 0; i < order.length; i++) {
            files[i] = fl.get(order[i]);
            data[i] = dl.get(order[i]);
        }
        if (compressedSize == 0) problems.add("empty file");
    }

    private Path tempDir() throws IOException {
        if (tempDir == null) {
            try {
                tempDir = Files.createTempDirectory("vigil-tar-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                tempDir = Files.createTempDirectory("vigil-tar-");
            }
        }
        return tempDir;
    }

    /** Entry names refused as unsafe (path traversal, NUL, backslashes). */
    public List<String> rejected() {
        return Collections.unmodifiableList(rejected);
    }

    /** What went wrong while reading the archive (truncation, corruption, duplicates); empty when all is well. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** True for a .tar.gz. */
    public boolean compressed() {
        return gzip;
    }

    /** Bytes of tar stream read in the pass (decompressed bytes for a .tar.gz). */
    public long bytesRead() {
        return bytesRead;
    }

    /** Number of files indexed. */
    public int size() {
        return files.length;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public List<EvidenceFile> find(String glob) {
        Glob g = Glob.of(glob);
        String prefix = g.literalPrefix();
        int from = lowerBound(prefix);
        List<EvidenceFile> out = new ArrayList<>();
        for (int i = from; i < files.length && files[i].path().startsWith(prefix); i++) {
            if (g.matches(files[i].path())) out.add(files[i]);
        }
        return out;
    }

    private int lowerBound(String key) {
        int lo = 0, hi = files.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (files[mid].path().compareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int indexOf(String path) {
        int i = lowerBound(path);
        return i < files.length && files[i].path().equals(path) ? i : -1;
    }

    /** True when the content of the file can be opened (always for a plain tar; kept entries for a .tar.gz). */
    public boolean readable(EvidenceFile f) {
        int i = indexOf(f.path());
        if (i < 0) return false;
        Data d = data[i];
        return !d.link() && !d.sparse() && (!gzip || d.memory() != null || d.temp() != null);
    }

    @Override
    public InputStream open(EvidenceFile f) throws IOException {
        int i = indexOf(f.path());
        if (i < 0) throw new IOException("not in " + file.getFileName() + ": " + f.path());
        Data d = data[i];
        if (d.link()) throw new IOException("refusing to follow a link: " + f.path());
        if (d.memory() != null) return new ByteArrayInputStream(d.memory());
        if (d.temp() != null) return Files.newInputStream(d.temp());
        if (gzip) {
            throw new IOException(f.path() + " is inside a compressed archive and was not kept in the single pass "
                    + "(no module declared it in its paths())");
        }
        if (d.sparse()) throw new IOException(f.path() + " is a sparse tar entry, which is not supported");
        return new PositionalStream(channel, d.offset(), d.size());
    }

    @Override
    public void walk(Consumer<EvidenceFile> visitor) {
        for (EvidenceFile f : files) visitor.accept(f);
    }

    @Override
    public Custody custody() {
        return custody;
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel != null) channel.close();
        } finally {
            deleteTemp();
        }
    }

    private void deleteTemp() {
        if (tempDir == null) return;
        try (var s = Files.list(tempDir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(tempDir);
        } catch (IOException e) {
            // best effort; the folder is owner-only
        }
        tempDir = null;
    }

    /** Which logical paths modules asked for: literal paths in a set, globs filtered by their literal prefix. */
    static final class Wanted {
        private final Set<String> literal = new HashSet<>();
        private final List<Glob> globs = new ArrayList<>();
        private final List<String> prefixes = new ArrayList<>();

        Wanted(Collection<String> list) {
            for (String s : list) {
                Glob g = Glob.of(s);
                if (g.literalPrefix().equals(s.startsWith("/") ? s.substring(1) : s) && s.indexOf('*') < 0 && s.indexOf('?') < 0) {
                    literal.add(g.literalPrefix());
                } else {
                    globs.add(g);
                    prefixes.add(g.literalPrefix());
                }
            }
        }

        boolean test(String path) {
            if (matches(path)) return true;
            for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
                if (path.endsWith(suffix) && matches(path.substring(0, path.length() - suffix.length()))) return true;
            }
            return false;
        }

        private boolean matches(String path) {
            if (literal.contains(path)) return true;
            for (int i = 0; i < globs.size(); i++) {
                if (path.startsWith(prefixes.get(i)) && globs.get(i).matches(path)) return true;
            }
            return false;
        }
    }

    /** Counts the bytes handed to the tar reader: in a plain tar, the position in the file. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            if (s > 0) count += s;
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /**
     * Reads the archive file and hashes what it reads on a second thread, so hashing the
     * archive costs no extra pass and little extra time.
     */
    static final class ParallelDigestStream extends FilterInputStream {
        private static final int CHUNK = 1 << 20;
        private final java.util.concurrent.BlockingQueue<byte[]> free = new java.util.concurrent.ArrayBlockingQueue<>(8);
        private final java.util.concurrent.BlockingQueue<Object[]> work = new java.util.concurrent.ArrayBlockingQueue<>(8);
        private final MessageDigest md = Custody.sha256();
        private final Thread hasher;
        private volatile Throwable failure;
        private byte[] current = new byte[CHUNK];
        private int filled;
        long count;
        private boolean finished;

        ParallelDigestStream(InputStream in) {
            super(in);
            for (int i = 0; i < 6; i++) free.add(new byte[CHUNK]);
            hasher = new Thread(() -> {
                try {
                    while (true) {
                        Object[] job = work.take();
                        byte[] b = (byte[]) job[0];
                        int n = (Integer) job[1];
                        if (n < 0) return;
                        md.update(b, 0, n);
                        free.put(b);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable t) {
                    failure = t;
                }
            }, "vigil-archive-hash");
            hasher.setDaemon(true);
            hasher.start();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                int done = 0;
                while (done < n) {
                    int k = Math.min(n - done, CHUNK - filled);
                    System.arraycopy(b, off + done, current, filled, k);
                    filled += k;
                    done += k;
                    if (filled == CHUNK) flushChunk();
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(left, buf.length));
                if (r < 0) break;
                left -= r;
            }
            return n - left;
        }

        private void flushChunk() throws IOException {
            if (failure != null) throw new IOException("hashing failed", failure);
            try {
                work.put(new Object[] {current, filled});
                current = free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            filled = 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** Waits for the hashing thread and returns the hex SHA-256 of everything read, or null on failure. */
        String finish() {
            if (finished) return null;
            finished = true;
            try {
                if (filled > 0) flushChunk();
                work.put(new Object[] {new byte[0], -1});
                hasher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                hasher.interrupt();
                return null;
            } catch (IOException e) {
                return null;
            }
            return failure == null ? HexFormat.of().formatHex(md.digest()) : null;
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                finished = true;
                hasher.interrupt();
            }
            super.close();
        }
    }

    /** Reads {@code size} bytes of a file channel from {@code offset} with positional reads (thread-safe). */
    static final class PositionalStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;

        PositionalStream(FileChannel ch, long offset, long size) {
            this.ch = ch;
            this.pos = offset;
            this.end = offset + size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) return -1;
            int want = (int) Math.min(len, end - pos);
            int n = ch.read(ByteBuffer.wrap(b, off, want), pos);
            if (n < 0) throw new EOFException("archive truncated inside an entry");
            pos += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, end - pos));
            pos += k;
            return k;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - pos);
        }
    }
}
