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
import java.nio.charset.StandardCharsets;
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
        int[] duplicates = {0};
        // A plain tar without entry hashes is indexed by seeking from header to header; the
        // archive is hashed meanwhile by one sequential read on another thread. Otherwise the
        // archive is streamed once: entry data is read (hashed, kept) as it passes, and the
        // archive hash is computed from the same bytes on another thread.
        boolean sequential = gzip || hashEntries;
        ParallelDigestStream digest = null;
        Input input;
        if (sequential) {
            digest = new ParallelDigestStream(Files.newInputStream(file, StandardOpenOption.READ));
            InputStream decoded = gzip ? new GZIPInputStream(digest, 1 << 16) : digest;
            input = new StreamInput(decoded);
        } else {
            startBackgroundHash();
            input = new ChannelInput(FileChannel.open(file, StandardOpenOption.READ));
        }
        final ParallelDigestStream dig = digest;
        try (Input in = input) {
            Walker w = new Walker(in, (name, h) -> {
                String safe = ZipSource.safeName(name);
                if (safe == null || safe.isEmpty()) {
                    if (rejected.size() < 10_000) rejected.add(name);
                    return;
                }
                String logical = rename.apply(safe);
                if (logical == null || logical.isEmpty()) return;
                if (!seen.add(logical)) {
                    duplicates[0]++;
                    return;
                }
                if (fl.size() >= MAX_ENTRIES) throw new LimitException("more than " + MAX_ENTRIES + " entries: the rest of the archive was not indexed");
                boolean link = h.symlink || h.hardlink;
                Map<String, Object> attrs = new HashMap<>(4);
                if (h.symlink) attrs.put("symlink", h.link);
                if (h.hardlink) attrs.put("hardlink", h.link);
                if (h.mode != 0) attrs.put("mode", h.mode);
                if (h.sparse) attrs.put("sparse", true);
                byte[] memory = null;
                Path temp = null;
                boolean keep = gzip && !link && !h.sparse && wanted.test(logical);
                if (!link && !h.sparse && (keep || hashEntries)) {
                    Object[] kept = consume(in, h, logical, keep, hashEntries, attrs);
                    memory = (byte[]) kept[0];
                    temp = (Path) kept[1];
                }
                fl.add(new EvidenceFile(logical, link ? -1 : h.size, h.mtime, attrs));
                dl.add(new Data(gzip ? -1 : h.dataOffset, h.size, memory, temp, h.sparse, link));
                if (gzip && in.position() > RATIO_FLOOR && dig != null && in.position() / Math.max(1, dig.count) > MAX_RATIO) {
                    throw new LimitException("compression ratio over " + MAX_RATIO + ":1 (a compression bomb?)");
                }
            });
            try {
                w.run();
            } catch (LimitException e) {
                problems.add(e.getMessage());
            } catch (EOFException e) {
                problems.add("the archive is truncated: " + fl.size() + " entries were read before its end");
            } catch (IOException e) {
                if (fl.isEmpty() && rejected.isEmpty()) throw new IOException(file.getFileName() + " is not a readable tar archive: " + e.getMessage(), e);
                problems.add("the archive is corrupt after " + fl.size() + " entries: " + e.getMessage());
            }
            bytesRead = in.position();
            if (digest != null) {
                byte[] drain = new byte[1 << 16];
                try {
                    while (digest.read(drain) > 0) {
                        // hashing only: the custody hash covers the whole file
                    }
                } catch (IOException e) {
                    problems.add("could not read to the end of the archive: " + e.getMessage());
                }
            }
        } finally {
            if (digest != null) {
                String sha = digest.finish();
                long fileSize = Files.size(file);
                if (sha != null && digest.count == fileSize) custody.record(file.getFileName().toString(), digest.count, sha);
                else problems.add("the archive could not be hashed whole (" + digest.count + " of " + fileSize + " bytes)");
                digest.close();
            }
        }
        if (duplicates[0] > 0) problems.add(duplicates[0] + " entries appear more than once; the first of each was kept");
        Integer[] order = new Integer[fl.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparing(i -> fl.get(i).path()));
        files = new EvidenceFile[order.length];
        data = new Data[order.length];
        for (int i = 0; i < order.length; i++) {
            files[i] = fl.get(order[i]);
            data[i] = dl.get(order[i]);
        }
    }

    /** Reads an entry's data as it streams past: hashes it and/or keeps it (memory, or the private temp folder). */
    private Object[] consume(Input in, Header h, String logical, boolean keep, boolean hash, Map<String, Object> attrs) throws IOException {
        MessageDigest md = hash ? Custody.sha256() : null;
        OutputStream sink = null;
        ByteArrayOutputStream mem = null;
        Path temp = null;
        if (keep) {
            if (h.size <= MAX_IN_MEMORY_ENTRY && kept + h.size <= MEMORY_BUDGET) {
                mem = new ByteArrayOutputStream((int) Math.max(32, h.size));
                sink = mem;
            } else {
                temp = Files.createTempFile(tempDir(), "entry", ".bin");
                sink = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
            }
        }
        byte[] buf = new byte[1 << 16];
        long left = h.size;
        try {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n <= 0) throw new EOFException(logical + ": archive ends inside this entry");
                left -= n;
                if (md != null) md.update(buf, 0, n);
                if (sink != null) sink.write(buf, 0, n);
            }
        } finally {
            if (sink != null) sink.close();
        }
        if (md != null) attrs.put("sha256", HexFormat.of().formatHex(md.digest()));
        byte[] memory = null;
        if (mem != null) {
            memory = mem.toByteArray();
            kept += memory.length;
        }
        return new Object[] {memory, temp};
    }

    private Thread hasher;
    private volatile IOException hashFailure;

    /** Hashes the archive file on another thread (plain tars indexed by seeking). */
    private void startBackgroundHash() {
        hasher = new Thread(() -> {
            try {
                custody.hashFile(file, file.getFileName().toString());
            } catch (IOException e) {
                hashFailure = e;
            }
        }, "vigil-archive-hash");
        hasher.setDaemon(true);
        hasher.start();
    }

    private static final class LimitException extends IOException {
        LimitException(String m) {
            super(m);
        }
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

    /** The custody log; waits for the archive's hash when it is still being computed. */
    @Override
    public Custody custody() {
        Thread t = hasher;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (hashFailure != null && !problems.contains("archive hash failed")) problems.add("could not hash the archive: " + hashFailure.getMessage());
        }
        return custody;
    }

    @Override
    public void close() throws IOException {
        if (hasher != null && hasher.isAlive()) hasher.interrupt();
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

    /** The archive's bytes, read forwards: by position (plain file) or as a stream (gzip, or a full pass). */
    interface Input extends java.io.Closeable {
        long position();

        /** Reads up to len bytes at the current position (fewer only at the end). */
        int read(byte[] b, int off, int len) throws IOException;

        /** Moves forward to an absolute position (seeks, or reads and discards). */
        void skipTo(long pos) throws IOException;

        default int readFully(byte[] b, int off, int len) throws IOException {
            int total = 0;
            while (total < len) {
                int n = read(b, off + total, len - total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        }
    }

    /** Positional reads of a file through a 1 MiB window: headers close together cost one read, data is skipped by seeking. */
    static final class ChannelInput implements Input {
        private final FileChannel ch;
        private final ByteBuffer window = ByteBuffer.allocate(1 << 20);
        private long windowStart = -1;
        private int windowLen;
        private long pos;

        ChannelInput(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public long position() {
            return pos;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (windowStart < 0 || pos < windowStart || pos >= windowStart + windowLen) {
                window.clear();
                int n = 0;
                while (window.hasRemaining()) {
                    int r = ch.read(window, pos + n);
                    if (r <= 0) break;
                    n += r;
                }
                windowStart = pos;
                windowLen = n;
                if (n == 0) return -1;
            }
            int at = (int) (pos - windowStart);
            int k = Math.min(len, windowLen - at);
            System.arraycopy(window.array(), at, b, off, k);
            pos += k;
            return k;
        }

        @Override
        public void skipTo(long p) {
            pos = p;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A forward-only stream with its position counted. */
    static final class StreamInput implements Input {
        private final InputStream in;
        private long pos;
        private final byte[] scratch = new byte[1 << 16];

        StreamInput(InputStream in) {
            this.in = in;
        }

        @Override
        public long position() {
            return pos;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public void skipTo(long p) throws IOException {
            while (pos < p) {
                int n = read(scratch, 0, (int) Math.min(scratch.length, p - pos));
                if (n <= 0) throw new EOFException("the archive ends at " + pos);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** One file entry's header, after GNU long names and PAX records are applied. */
    static final class Header {
        long size;
        long dataOffset;
        int mode;
        Instant mtime;
        boolean symlink, hardlink, sparse;
        /** Bytes stored in the archive for this entry (differs from size for sparse files). */
        long stored;
        String link;
    }

    interface EntryVisitor {
        void entry(String name, Header h) throws IOException;
    }

    /**
     * Reads tar headers: POSIX ustar (name prefix), GNU (long names 'L'/'K', old sparse 'S'),
     * PAX ('x' per file: path, linkpath, size, mtime, GNU.sparse.*). Every length is bounded.
     */
    static final class Walker {
        static final int MAX_META = 1 << 20;
        private final Input in;
        private final EntryVisitor visitor;

        Walker(Input in, EntryVisitor visitor) {
            this.in = in;
            this.visitor = visitor;
        }

        void run() throws IOException {
            byte[] h = new byte[512];
            String longName = null, longLink = null;
            Map<String, String> pax = null;
            while (true) {
                long at = in.position();
                int n = in.readFully(h, 0, 512);
                if (n == 0) {
                    throw new EOFException("no end-of-archive marker");
                }
                if (n < 512) throw new EOFException("the archive ends inside a header at " + at);
                if (isZero(h)) return; // end-of-archive marker
                boolean sumOk;
                try {
                    sumOk = org.apache.commons.compress.archivers.tar.TarUtils.verifyCheckSum(h);
                } catch (IllegalArgumentException e) {
                    sumOk = false;
                }
                if (!sumOk) {
                    throw new IOException("bad header checksum at offset " + at);
                }
                long size;
                try {
                    size = org.apache.commons.compress.archivers.tar.TarUtils.parseOctalOrBinary(h, 124, 12);
                } catch (IllegalArgumentException e) {
                    throw new IOException("bad size field at offset " + at);
                }
                if (size < 0) throw new IOException("negative size at offset " + at);
                char type = (char) h[156];
                long dataStart = in.position();
                long next = dataStart + ((size + 511) & ~511L);
                if (next < dataStart) throw new IOException("size overflow at offset " + at);
                switch (type) {
                    case 'L' -> {
                        longName = cString(meta(size, at), 0, (int) size);
                        in.skipTo(next);
                        continue;
                    }
                    case 'K' -> {
                        longLink = cString(meta(size, at), 0, (int) size);
                        in.skipTo(next);
                        continue;
                    }
                    case 'x', 'X' -> {
                        pax = parsePax(meta(size, at), at);
                        in.skipTo(next);
                        continue;
                    }
                    case 'g' -> { // global PAX header: nothing per-file we use
                        meta(size, at);
                        in.skipTo(next);
                        continue;
                    }
                    default -> { }
                }
                String name = longName != null ? longName : ustarName(h);
                String link = longLink != null ? longLink : cString(h, 157, 100);
                Header e = new Header();
                e.size = size;
                e.mode = (int) octal(h, 100, 8);
                long mtime = octal(h, 136, 12);
                e.sparse = type == 'S';
                if (pax != null) {
                    name = pax.getOrDefault("path", name);
                    link = pax.getOrDefault("linkpath", link);
                    if (pax.containsKey("size")) {
                        e.size = parseLong(pax.get("size"), size);
                        size = e.size; // the stored data size too (files over 8 GiB)
                        next = dataStart + ((size + 511) & ~511L);
                        if (next < dataStart) throw new IOException("size overflow at offset " + at);
                    }
                    if (pax.containsKey("mtime")) mtime = (long) Double.parseDouble(pax.get("mtime").replaceAll("[^0-9.]", "0"));
                    for (String k : pax.keySet()) if (k.startsWith("GNU.sparse.")) e.sparse = true;
                    if (pax.containsKey("GNU.sparse.name")) name = pax.get("GNU.sparse.name");
                    if (pax.containsKey("GNU.sparse.realsize")) e.size = parseLong(pax.get("GNU.sparse.realsize"), e.size);
                    else if (pax.containsKey("GNU.sparse.size")) e.size = parseLong(pax.get("GNU.sparse.size"), e.size);
                }
                if (type == 'S') e.size = octal(h, 483, 12); // real size of an old GNU sparse file
                longName = null;
                longLink = null;
                pax = null;
                e.mtime = mtime > 0 ? Instant.ofEpochSecond(mtime) : null;
                e.dataOffset = dataStart;
                e.stored = size;
                e.link = link;
                boolean file = type == '0' || type == '\0' || type == '7' || type == 'S';
                e.symlink = type == '2';
                e.hardlink = type == '1';
                if ((file || e.symlink || e.hardlink) && !(file && name.endsWith("/"))) visitor.entry(name, e);
                // data the visitor did not consume is skipped (a seek, or a discarding read)
                if (in.position() > next) throw new IOException("entry data overrun at offset " + at);
                in.skipTo(next);
            }
        }

        private byte[] meta(long size, long at) throws IOException {
            if (size > MAX_META) throw new IOException("tar metadata entry of " + size + " bytes at offset " + at + " (limit " + MAX_META + ")");
            byte[] b = new byte[(int) size];
            if (in.readFully(b, 0, b.length) < b.length) throw new EOFException("the archive ends inside a metadata entry at " + at);
            return b;
        }

        private static boolean isZero(byte[] h) {
            for (byte b : h) if (b != 0) return false;
            return true;
        }

        private static long octal(byte[] h, int off, int len) {
            try {
                return org.apache.commons.compress.archivers.tar.TarUtils.parseOctalOrBinary(h, off, len);
            } catch (IllegalArgumentException e) {
                return 0;
            }
        }

        private static long parseLong(String s, long dflt) {
            try {
                long v = Long.parseLong(s.strip());
                return v < 0 ? dflt : v;
            } catch (NumberFormatException e) {
                return dflt;
            }
        }

        /** name, with the ustar prefix for POSIX archives (magic "ustar\0"); GNU archives use that area otherwise. */
        private static String ustarName(byte[] h) {
            String name = cString(h, 0, 100);
            boolean posix = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
            if (posix && h[345] != 0) {
                String prefix = cString(h, 345, 155);
                if (!prefix.isEmpty()) return prefix + "/" + name;
            }
            return name;
        }

        static String cString(byte[] b, int off, int len) {
            int end = off;
            while (end < off + len && end < b.length && b[end] != 0) end++;
            return new String(b, off, end - off, StandardCharsets.UTF_8);
        }

        /** PAX extended header records: "LEN key=value\n", LEN counting the whole record. */
        static Map<String, String> parsePax(byte[] b, long at) throws IOException {
            Map<String, String> m = new HashMap<>();
            int i = 0;
            while (i < b.length) {
                if (b[i] == 0) break;
                int sp = i;
                while (sp < b.length && b[sp] != ' ') sp++;
                int len;
                try {
                    len = Integer.parseInt(new String(b, i, sp - i, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new IOException("bad PAX record at offset " + at);
                }
                if (len <= sp - i + 1 || i + len > b.length) throw new IOException("bad PAX record length at offset " + at);
                int eq = sp + 1;
                while (eq < i + len && b[eq] != '=') eq++;
                if (eq >= i + len - 1) throw new IOException("bad PAX record at offset " + at);
                String key = new String(b, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
                String value = new String(b, eq + 1, i + len - eq - 2, StandardCharsets.UTF_8);
                if (m.size() < 1000) m.put(key, value);
                i += len;
            }
            return m;
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

        /** Waits for the hashing thread and returns the hex SHA-256 of everything read, or null on failure. Idempotent. */
        String finish() {
            if (finished) return result;
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
            result = failure == null ? HexFormat.of().formatHex(md.digest()) : null;
            return result;
        }

        @Override
        public void close() throws IOException {
            try {
                finish(); // idempotent: the caller reads the same result afterwards
            } finally {
                super.close();
            }
        }

        private String result;
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
