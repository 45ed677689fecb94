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
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
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
 * streaming pass: nothing is extracted. The pass reads the archive once, sequentially, in
 * large chunks; every chunk is handed to a second thread that hashes the archive into the
 * custody log, while this thread parses the entry headers from the same bytes (ustar, GNU
 * long names, PAX; every length bounded). It optionally hashes every entry's content
 * ({@code hashEntries}: SHA-256 in the {@code sha256} attribute), and then:
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
    private int lastMode = -1;
    private Map<String, Object> lastModeAttrs;
    private final Map<Integer, Map<String, Object>> modeAttrs = new HashMap<>();
    private long lastMtime = Long.MIN_VALUE;
    private Instant lastInstant;
    private FileChannel channel;
    /** The archive hash still being computed (plain tar), until {@link #custody()} or {@link #close()}. */
    private ChunkedInput pendingHash;
    private Path tempDir;
    private long kept;
    private long bytesRead;

    /** An entry, and where its content is: at an offset of the plain archive, in memory, or in the temporary folder. */
    private record Data(String path, EvidenceFile file, long offset, long size, byte[] memory, Path temp, boolean sparse, boolean link, long head) {}


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
            if (pendingHash != null) pendingHash.abort();
            deleteTemp();
            throw e;
        }
    }

    /** The first entry names of an archive (safe names, at most {@code max}), reading only its start: for detection. */
    public static List<String> peekNames(Path file, int max) {
        List<String> out = new ArrayList<>();
        long budget = 64L << 20; // never read (decompress) more than this for a peek
        try (Input in = isGzip(file)
                ? new StreamInput(new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16))
                : new ChannelInput(FileChannel.open(file, StandardOpenOption.READ))) {
            Walker w = new Walker(in, (name, h) -> {
                String n = safeName(name);
                if (n != null && !n.isEmpty()) out.add(h.directory ? n + "/" : n);
                if (out.size() >= max || in.position() > budget) throw new StopException();
            });
            w.directories = true;
            w.run();
        } catch (IOException | RuntimeException e) {
            // detection must never throw: what was read so far is the answer
        }
        return out;
    }

    private static final class StopException extends IOException {
        StopException() {
            super("enough names read");
        }
    }

    /**
     * {@link ZipSource#safeName}, without its work for the usual name that is already in
     * normal form (relative, no empty, "." or ".." segment, no NUL or backslash).
     */
    static String safeName(String name) {
        int n = name.length();
        if (n > 0 && name.charAt(0) != '/' && name.charAt(0) != '.' && name.charAt(n - 1) != '/' && name.indexOf("/.") < 0
                && name.indexOf("//") < 0 && name.indexOf('\\') < 0 && name.indexOf(0) < 0) {
            return name; // whole-string searches (vectorised) settle the usual name
        }
        boolean plain = n > 0 && name.charAt(0) != '/' && name.charAt(n - 1) != '/';
        int segStart = 0;
        for (int i = 0; plain && i <= n; i++) {
            char c = i < n ? name.charAt(i) : '/';
            if (c == '/') {
                int len = i - segStart;
                if (len == 0 || len == 1 && name.charAt(segStart) == '.' || len == 2 && name.charAt(segStart) == '.' && name.charAt(segStart + 1) == '.') plain = false;
                segStart = i + 1;
            } else if (c == '\\' || c == 0) {
                plain = false;
            }
        }
        return plain ? name : ZipSource.safeName(name);
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
        Entries dl = new Entries();
        Set<String> keptPaths = new HashSet<>();
        int[] duplicates = {0};
        // The archive is read once, forwards: a plain tar in large chunks that a second thread
        // hashes while this one parses the headers in them (entry data is skipped over, or read
        // from the same chunks when it is hashed); a .tar.gz through a stream that hashes the
        // compressed bytes on a second thread and keeps the entries modules asked for.
        ParallelDigestStream digest = null;
        ChunkedInput chunked = null;
        Input input;
        if (gzip) {
            digest = new ParallelDigestStream(Files.newInputStream(file, StandardOpenOption.READ));
            input = new StreamInput(new GZIPInputStream(digest, 1 << 16));
        } else {
            chunked = new ChunkedInput(FileChannel.open(file, StandardOpenOption.READ));
            input = chunked;
        }
        final ParallelDigestStream dig = digest;
        final ChunkedInput chunks = chunked;
        String sha = null;
        long hashed = -1;
        try (Input in = input) {
            Walker w = new Walker(in, (name, h) -> {
                String safe = safeName(name);
                if (safe == null || safe.isEmpty()) {
                    if (rejected.size() < 10_000) rejected.add(name);
                    return;
                }
                String logical = rename.apply(safe);
                if (logical == null || logical.isEmpty()) return;
                if (dl.size() >= MAX_ENTRIES) throw new LimitException("more than " + MAX_ENTRIES + " entries: the rest of the archive was not indexed");
                boolean link = h.symlink || h.hardlink;
                boolean keep = gzip && !link && !h.sparse && wanted.test(logical);
                if (keep && !keptPaths.add(logical)) { // the first of duplicate entries is kept (and only its content)
                    duplicates[0]++;
                    return;
                }
                byte[] memory = null;
                Path temp = null;
                Map<String, Object> attrs;
                if (!link && !h.sparse && (keep || hashEntries)) {
                    attrs = attributes(h, true);
                    Object[] kept = consume(in, h, logical, keep, hashEntries, attrs);
                    memory = (byte[]) kept[0];
                    temp = (Path) kept[1];
                } else {
                    attrs = attributes(h, false);
                }
                EvidenceFile f = new EvidenceFile(logical, link ? -1 : h.size, instant(h.mtime), attrs);
                long head = chunks != null && !link && !h.sparse && h.size >= 4 ? chunks.peek4(h.dataOffset) : -1;
                dl.add(new Data(logical, f, gzip ? -1 : h.dataOffset, h.size, memory, temp, h.sparse, link, head));
                if (gzip && in.position() > RATIO_FLOOR && dig != null && in.position() / Math.max(1, dig.count) > MAX_RATIO) {
                    throw new LimitException("compression ratio over " + MAX_RATIO + ":1 (a compression bomb?)");
                }
            });
            try {
                w.run();
                if (w.unterminated) problems.add("the archive has no end-of-archive marker: it may be truncated at an entry boundary");
            } catch (LimitException e) {
                problems.add(e.getMessage());
            } catch (EOFException e) {
                problems.add("the archive is truncated: " + dl.size() + " entries were read before its end");
            } catch (IOException e) {
                if (dl.isEmpty() && rejected.isEmpty()) throw new IOException(file.getFileName() + " is not a readable tar archive: " + e.getMessage(), e);
                problems.add("the archive is corrupt after " + dl.size() + " entries: " + e.getMessage());
            }
            bytesRead = in.position();
            if (chunks != null) {
                chunks.endReading(); // the hash of the rest goes on while modules run: custody() waits for it
                pendingHash = chunks;
            } else {
                try { // the custody hash covers the whole file, past the end of the archive too
                    byte[] drain = new byte[1 << 16];
                    while (digest.read(drain) > 0) {
                        // hashing only
                    }
                } catch (IOException e) {
                    problems.add("could not read to the end of the archive: " + e.getMessage());
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            if (chunks != null) chunks.abort();
            throw e;
        } finally {
            if (digest != null) {
                sha = digest.finish();
                hashed = digest.count;
                digest.close();
            }
        }
        if (digest != null) recordHash(sha, hashed);
        Data[] all = dl.sorted(); // stable: of duplicate entries, the first in the archive comes first
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n > 0 && all[n - 1].path().equals(all[i].path())) {
                duplicates[0]++;
                continue;
            }
            all[n++] = all[i];
        }
        if (duplicates[0] > 0) problems.add(duplicates[0] + " entries appear more than once; the first of each was kept");
        data = n == all.length ? all : Arrays.copyOf(all, n);
        files = new EvidenceFile[n];
        for (int i = 0; i < n; i++) files[i] = data[i].file();
    }

    /**
     * The entries read so far. Every {@link #RUN} entries, the newest run is sorted while its
     * entries are still in the cache (and, on a plain tar, while the hasher catches up): the
     * final sort then only merges runs. A plain stable merge sort of our own: TimSort's
     * galloping code, shared with every other comparator of the program, was recompiled by
     * the JIT over and over and cost more than the sorting itself.
     */
    private static final class Entries {
        static final int RUN = 4096;
        private Data[] a = new Data[RUN];
        private Data[] tmp = new Data[RUN];
        private int n;

        void add(Data d) {
            if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = d;
            if (n % RUN == 0) sort(a, tmp, n - RUN, n);
        }

        int size() {
            return n;
        }

        boolean isEmpty() {
            return n == 0;
        }

        /** All entries sorted by path, stably (of duplicates, the first read comes first). */
        Data[] sorted() {
            Data[] all = Arrays.copyOf(a, n);
            Data[] t = new Data[n]; // the left run of a bottom-up merge can be most of the array
            int tail = n - n % RUN;
            sort(all, t, tail, n);
            for (int w = RUN; w < n; w *= 2) {
                for (int lo = 0; lo < n - w; lo += 2 * w) merge(all, t, lo, lo + w, Math.min(lo + 2 * w, n));
            }
            return all;
        }

        /** Stable sort of a[lo, hi): binary insertion into blocks of 32, then merges; lo is a multiple of RUN (or the tail's start). */
        static void sort(Data[] a, Data[] tmp, int lo, int hi) {
            for (int s = lo; s < hi; s += 32) {
                int e = Math.min(s + 32, hi);
                for (int i = s + 1; i < e; i++) {
                    Data x = a[i];
                    String p = x.path();
                    int l = s, h = i;
                    while (l < h) {
                        int m = (l + h) >>> 1;
                        if (p.compareTo(a[m].path()) < 0) h = m;
                        else l = m + 1;
                    }
                    System.arraycopy(a, l, a, l + 1, i - l);
                    a[l] = x;
                }
            }
            for (int w = 32; w < hi - lo; w *= 2) {
                for (int s = lo; s < hi - w; s += 2 * w) merge(a, tmp, s, s + w, Math.min(s + 2 * w, hi));
            }
        }

        /**
         * Merges the sorted a[lo, mid) and a[mid, hi), stably. After 7 wins in a row from one
         * side, the rest of that side's winning stretch is found by exponential search and
         * moved at once (entries come in long stretches from one folder).
         */
        static void merge(Data[] a, Data[] tmp, int lo, int mid, int hi) {
            if (a[mid - 1].path().compareTo(a[mid].path()) <= 0) return; // already in order
            int len = mid - lo; // the left run goes to tmp[0, len)
            System.arraycopy(a, lo, tmp, 0, len);
            int i = 0, j = mid, k = lo, winsLeft = 0, winsRight = 0;
            while (i < len && j < hi) {
                if (a[j].path().compareTo(tmp[i].path()) < 0) {
                    a[k++] = a[j++];
                    winsLeft = 0;
                    if (++winsRight >= 7 && j < hi) {
                        int e = firstNotBelow(a, tmp[i].path(), j, hi);
                        System.arraycopy(a, j, a, k, e - j);
                        k += e - j;
                        j = e;
                        winsRight = 0;
                    }
                } else {
                    a[k++] = tmp[i++];
                    winsRight = 0;
                    if (++winsLeft >= 7 && i < len) {
                        int e = firstAbove(tmp, a[j].path(), i, len);
                        System.arraycopy(tmp, i, a, k, e - i);
                        k += e - i;
                        i = e;
                        winsLeft = 0;
                    }
                }
            }
            System.arraycopy(tmp, i, a, k, len - i);
        }

        /** The first x in [from, to) with a[x].path >= key (exponential, then binary search). */
        static int firstNotBelow(Data[] a, String key, int from, int to) {
            int lo = from, hi = from, step = 1;
            while (hi < to && a[hi].path().compareTo(key) < 0) {
                lo = hi + 1;
                hi = from + step;
                step <<= 1;
            }
            hi = Math.min(hi, to);
            while (lo < hi) {
                int m = (lo + hi) >>> 1;
                if (a[m].path().compareTo(key) < 0) lo = m + 1;
                else hi = m;
            }
            return lo;
        }

        /** The first x in [from, to) with a[x].path > key. */
        static int firstAbove(Data[] a, String key, int from, int to) {
            int lo = from, hi = from, step = 1;
            while (hi < to && a[hi].path().compareTo(key) <= 0) {
                lo = hi + 1;
                hi = from + step;
                step <<= 1;
            }
            hi = Math.min(hi, to);
            while (lo < hi) {
                int m = (lo + hi) >>> 1;
                if (a[m].path().compareTo(key) <= 0) lo = m + 1;
                else hi = m;
            }
            return lo;
        }
    }

    /**
     * An entry's attributes: a fresh map when the pass adds to it (entry hash), else one
     * shared immutable map per mode for the usual entry (300,000 entries share a handful).
     */
    private Map<String, Object> attributes(Header h, boolean mutable) {
        if (mutable || h.symlink || h.hardlink || h.sparse) {
            Map<String, Object> attrs = new HashMap<>(4);
            if (h.symlink) attrs.put("symlink", h.link);
            if (h.hardlink) attrs.put("hardlink", h.link);
            if (h.mode != 0) attrs.put("mode", h.mode);
            if (h.sparse) attrs.put("sparse", true);
            return attrs;
        }
        if (h.mode == 0) return Map.of();
        if (h.mode != lastMode) {
            lastModeAttrs = modeAttrs.computeIfAbsent(h.mode, m -> Map.of("mode", m));
            lastMode = h.mode;
        }
        return lastModeAttrs;
    }

    /** Latest modification time accepted (9999-12-31T23:59:59Z); later or negative ones are left out. */
    static final long MAX_MTIME = 253_402_300_799L;

    private Instant instant(long mtime) {
        if (mtime <= 0 || mtime > MAX_MTIME) return null;
        if (mtime != lastMtime) {
            lastInstant = Instant.ofEpochSecond(mtime);
            lastMtime = mtime;
        }
        return lastInstant;
    }

    private final byte[] consumeBuffer = new byte[1 << 16];
    private MessageDigest entryDigest;

    /** Reads an entry's data as it streams past: hashes it and/or keeps it (memory, or the private temp folder). */
    private Object[] consume(Input in, Header h, String logical, boolean keep, boolean hash, Map<String, Object> attrs) throws IOException {
        MessageDigest md = null;
        if (hash) {
            if (entryDigest == null) entryDigest = Custody.sha256();
            md = entryDigest;
            md.reset();
        }
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
        byte[] buf = consumeBuffer; // one for the pass: a new 64 KiB per entry made 20 GB of garbage on a 300,000-entry dump
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

    /**
     * Files matching a glob, found in the sorted index without regular expressions for the
     * usual forms: literal segments narrow the range by binary search, a wildcard segment
     * visits each distinct child once (jumping over its subtree), and {@code **}/NAME tests
     * the last segment of every path, a final {@code **} takes a whole range. Other uses of
     * {@code **} fall back to {@link Glob}.
     */
    @Override
    public List<EvidenceFile> find(String glob) {
        String bare = glob.startsWith("/") ? glob.substring(1) : glob;
        List<EvidenceFile> out = new ArrayList<>();
        if (bare.startsWith("**/") && bare.indexOf('/', 3) < 0 && bare.indexOf("**", 3) < 0) {
            String seg = bare.substring(3); // "**/Cache.db", "**/*.ips": the last segment, anywhere
            for (EvidenceFile f : files) {
                String p = f.path();
                if (wild(seg, p, p.lastIndexOf('/') + 1, p.length())) out.add(f);
            }
            return out;
        }
        int dbl = bare.indexOf("**");
        boolean trailing = dbl >= 0 && dbl == bare.length() - 2 && (dbl == 0 || bare.charAt(dbl - 1) == '/') && bare.indexOf("**") == dbl;
        if (dbl >= 0 && !trailing) {
            Glob g = Glob.of(glob);
            String prefix = g.literalPrefix();
            for (int i = lowerBound(prefix, 0, files.length); i < files.length && files[i].path().startsWith(prefix); i++) {
                if (g.matches(files[i].path())) out.add(files[i]);
            }
            return out;
        }
        match(bare.split("/", -1), 0, "", 0, files.length, out);
        return out;
    }

    /** Adds the files of [lo, hi) (all starting with {@code base}, "" or ending in "/") that match segments k.. of a glob. */
    private void match(String[] segs, int k, String base, int lo, int hi, List<EvidenceFile> out) {
        String seg = segs[k];
        boolean last = k == segs.length - 1;
        if (last && seg.equals("**")) { // "folder/**": everything below
            for (int i = lo; i < hi; i++) out.add(files[i]);
            return;
        }
        if (seg.indexOf('*') < 0 && seg.indexOf('?') < 0) {
            String p = base + seg;
            if (last) {
                int i = lowerBound(p, lo, hi);
                if (i < hi && files[i].path().equals(p)) out.add(files[i]);
            } else {
                int from = lowerBound(p + "/", lo, hi);
                int to = lowerBound(p + "0", from, hi); // '0' follows '/': the end of the folder's range
                if (from < to) match(segs, k + 1, p + "/", from, to, out);
            }
            return;
        }
        int bl = base.length();
        int i = lo;
        while (i < hi) {
            String p = files[i].path();
            int slash = p.indexOf('/', bl);
            if (slash < 0) { // a file right in base
                if (last && wild(seg, p, bl, p.length())) out.add(files[i]);
                i++;
            } else { // the first entry of a child folder: its whole range is contiguous and starts here
                String child = p.substring(0, slash);
                int end = lowerBound(child + "0", i + 1, hi);
                if (!last && wild(seg, p, bl, slash)) match(segs, k + 1, child + "/", i, end, out);
                i = end;
            }
        }
    }

    /** Whether s[from, to) (one path segment) matches a glob segment of '*' (any run) and '?' (one character). */
    static boolean wild(String pat, String s, int from, int to) {
        int p = 0, i = from, star = -1, mark = from, n = pat.length();
        while (i < to) {
            char c = p < n ? pat.charAt(p) : 0;
            if (p < n && c == '*') {
                star = p++;
                mark = i;
            } else if (p < n && (c == '?' || c == s.charAt(i))) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < n && pat.charAt(p) == '*') p++;
        return p == n;
    }

    private int lowerBound(String key, int lo, int hi) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (files[mid].path().compareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int indexOf(String path) {
        int i = lowerBound(path, 0, files.length);
        return i < files.length && files[i].path().equals(path) ? i : -1;
    }

    /** True when the content of the file can be opened (always for a plain tar; kept entries for a .tar.gz). */
    public boolean readable(EvidenceFile f) {
        int i = indexOf(f.path());
        if (i < 0) return false;
        Data d = data[i];
        return !d.link() && !d.sparse() && (!gzip || d.memory() != null || d.temp() != null);
    }

    /**
     * The first 4 bytes of a file of a plain tar, seen as the pass went by (a magic number
     * without a read), or null when they were not seen: read them with {@link #open}.
     */
    public byte[] head(EvidenceFile f) {
        int i = indexOf(f.path());
        if (i < 0 || data[i].head() < 0) return null;
        int v = (int) data[i].head();
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
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

    /** The custody log: the archive's hash, computed in the pass (waits for it to end). */
    @Override
    public synchronized Custody custody() {
        ChunkedInput h = pendingHash;
        if (h != null) {
            pendingHash = null;
            String sha = h.finish();
            dev.vigil.core.util.Trace.log("archive hash done");
            try {
                recordHash(sha, h.hashed());
            } catch (IOException e) {
                problems.add("could not hash the archive: " + e.getMessage());
            }
        }
        return custody;
    }

    private void recordHash(String sha, long hashed) throws IOException {
        long fileSize = Files.size(file);
        if (sha != null && hashed == fileSize) custody.record(file.getFileName().toString(), hashed, sha);
        else problems.add("the archive could not be hashed whole (" + hashed + " of " + fileSize + " bytes)");
    }

    @Override
    public void close() throws IOException {
        ChunkedInput h;
        synchronized (this) {
            h = pendingHash;
            pendingHash = null;
        }
        if (h != null) h.abort();
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

        /** Total length when known (a file), else -1. */
        default long length() {
            return -1;
        }

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

    /** Reads the file from {@code at} into {@code b} until it is full or the file ends; returns the bytes read. */
    static int fill(FileChannel ch, ByteBuffer b, long at) throws IOException {
        int n = 0;
        while (b.hasRemaining()) {
            int r = ch.read(b, at + n);
            if (r <= 0) break;
            n += r;
        }
        return n;
    }

    /** Positional reads of a file through a 64 KiB window: headers close together cost one read, data is skipped by seeking (for peeking). */
    static final class ChannelInput implements Input {
        private final FileChannel ch;
        private final ByteBuffer window = ByteBuffer.allocate(1 << 16);
        private long windowStart = -1;
        private int windowLen;
        private long pos;

        private final long length;

        ChannelInput(FileChannel ch) throws IOException {
            this.ch = ch;
            this.length = ch.size();
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public long position() {
            return pos;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (windowStart < 0 || pos < windowStart || pos >= windowStart + windowLen) {
                window.clear();
                int n = fill(ch, window, pos);
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

    /**
     * A plain tar read forwards in 256 KiB heap buffers for the header parser, and hashed whole
     * (the custody hash) on a second thread. The parser reads each chunk once into one of
     * {@link #DEPTH} pooled buffers; when it moves past a chunk, the hasher digests that very
     * array (no copy) and gives the buffer back. SHA-256 (about 1.5 GB/s) is slower than the
     * parser, and the hash is the last thing a check of a large archive waits for, so the
     * hasher does nothing but hash: the parser waits for a free buffer rather than running
     * ahead. (Letting it run ahead made the hasher read and copy again whatever it skipped:
     * check-fs of a 2.35 GB tar took 2.9 s instead of 2.7 s.) Only the last {@link #TAIL}
     * bytes, and whatever follows the point where the parser stops (end-of-archive blocks,
     * damage), the hasher reads itself, so that the modules run while it ends; {@link #finish}
     * waits for it.
     */
    static final class ChunkedInput implements Input {
        static final int CHUNK = 256 << 10;
        static final int DEPTH = 32;
        /** {@link #DEPTH}, smaller in tests. */
        static volatile int depth = DEPTH;
        /**
         * The last stretch of the file, which the hasher reads itself while the parser finishes
         * and the modules start: they overlap the end of the hash instead of waiting for it
         * (check-fs of a 2.35 GB tar: 3.05 s -> 2.90 s, interleaved runs; 256 MiB is 0.2 s of hashing).
         */
        static final long TAIL = 256L << 20;
        /** {@link #TAIL}, other values in tests. */
        static volatile long tail = TAIL;
        private static final Object END = new Object();
        private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
        private final FileChannel ch;
        private final long length;
        private final java.util.concurrent.BlockingQueue<ByteBuffer> free;
        /** In file order: a pooled buffer (its bytes), a long[] {start} (the rest of the file, from start), or END. */
        private final java.util.concurrent.BlockingQueue<Object> work = new java.util.concurrent.LinkedBlockingQueue<>();
        /** Buffer size: a chunk, or less for a small archive. */
        private final int size;
        private final int poolSize;
        private int made;
        private final long tailLength = tail;
        /** Past this, the hasher reads the rest itself and the parser reads into {@link #own}. */
        private boolean handedOff;
        private ByteBuffer own;
        private final MessageDigest md = Custody.sha256();
        private final Thread hasher;
        private volatile Throwable failure;
        /** Bytes hashed so far, from the start of the file (jobs are in file order); written by the hasher only. */
        private volatile long hashed;
        /** The chunk holding the current position: bytes [0, limit) are the file's from {@link #chunkStart}. */
        private ByteBuffer chunk = EMPTY;
        private long chunkStart;
        private long pos;
        private boolean eof, ended, finished;
        private String result;

        ChunkedInput(FileChannel ch) throws IOException {
            this.ch = ch;
            this.length = ch.size();
            this.size = (int) Math.min(CHUNK, Math.max(4096, length));
            this.poolSize = Math.max(1, depth);
            this.free = new java.util.concurrent.ArrayBlockingQueue<>(poolSize);
            hasher = Thread.ofPlatform().daemon().name("vigil-archive-hash").unstarted(this::hashLoop);
            hasher.start();
        }

        private void hashLoop() {
            try {
                while (true) {
                    Object job = work.take();
                    if (job == END) return;
                    if (job instanceof ByteBuffer b) {
                        try {
                            if (failure == null) {
                                md.update(b.array(), b.arrayOffset(), b.limit());
                                hashed += b.limit();
                            }
                        } catch (RuntimeException | Error t) {
                            failure = t;
                        } finally {
                            free.put(b); // never blocks: the queue holds the whole pool
                        }
                    } else if (failure == null) {
                        try {
                            hashRest(((long[]) job)[0]);
                        } catch (IOException | RuntimeException | Error t) {
                            failure = t; // reported by finish()
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Reads and hashes the file from {@code at} to its end. */
        private void hashRest(long at) throws IOException {
            ByteBuffer bb = ByteBuffer.allocate(size);
            while (true) {
                bb.clear();
                int n = ch.read(bb, at);
                if (n <= 0) return;
                md.update(bb.array(), 0, n);
                at += n;
                hashed += n;
            }
        }

        /** Passes the current chunk on to the hash and reads the next into a pooled buffer; false at the end of the file. */
        private boolean advance() throws IOException {
            if (eof) return false;
            long start = chunkStart + chunk.limit();
            pass(chunk);
            chunk = EMPTY; // (a failure below leaves the position right for endReading)
            chunkStart = start;
            if (!handedOff && length - start <= tailLength) { // the last stretch: the hasher reads it itself
                work.add(new long[] {start});
                handedOff = true;
            }
            ByteBuffer next = handedOff ? own() : free.poll();
            if (next == null && made < poolSize) { // the pool grows as the archive turns out to need it
                next = ByteBuffer.allocate(size);
                made++;
            }
            try {
                while (next == null) { // the hasher is behind: wait for it
                    next = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (next == null && !hasher.isAlive()) throw new IOException("the archive's hasher stopped");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the archive");
            }
            next.clear();
            fill(ch, next, start);
            next.flip();
            chunk = next;
            chunkStart = start;
            if (next.limit() == 0) eof = true;
            return !eof;
        }

        private ByteBuffer own() {
            if (own == null) own = ByteBuffer.allocate(size);
            return own;
        }

        /** Hands a chunk to the hasher (or, without bytes, straight back to the pool). */
        private void pass(ByteBuffer c) {
            if (c == EMPTY || c == own) return; // the parser's own buffer: past the hand-off, the hasher reads for itself
            if (c.limit() == 0) free.add(c);
            else work.add(c);
        }

        @Override
        public long position() {
            return pos;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos >= chunkStart + chunk.limit()) {
                if (!advance()) return -1;
            }
            int at = (int) (pos - chunkStart);
            int k = Math.min(len, chunk.limit() - at);
            chunk.get(at, b, off, k);
            pos += k;
            return k;
        }

        @Override
        public void skipTo(long p) {
            if (p > pos) pos = p; // the chunks in between are read (and passed to the hash) on the next read
        }

        /** The 4 bytes at a file position when the current chunk holds them (as an unsigned big-endian number), else -1. */
        long peek4(long at) {
            long off = at - chunkStart;
            return off >= 0 && off + 4 <= chunk.limit() ? chunk.getInt((int) off) & 0xffffffffL : -1;
        }

        /** The parser is done: the rest of the file (past the current chunk) is the hasher's to read. Does not wait. */
        void endReading() {
            if (ended) return;
            ended = true;
            long end = chunkStart + chunk.limit();
            pass(chunk);
            chunk = EMPTY;
            chunkStart = end;
            if (!eof && !handedOff) work.add(new long[] {end});
            work.add(END);
        }

        /** Bytes hashed (valid after {@link #finish}). */
        long hashed() {
            return hashed;
        }

        /** Waits for the hash of the whole file: its hex SHA-256, or null on failure. Idempotent; closes the file. */
        String finish() {
            if (finished) return result;
            finished = true;
            endReading();
            try {
                hasher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                hasher.interrupt();
                return null;
            } finally {
                closeQuietly();
            }
            result = failure == null ? HexFormat.of().formatHex(md.digest()) : null;
            return result;
        }

        /** Stops the hasher without waiting (the hash is not wanted any more) and closes the file. */
        void abort() {
            if (!finished) {
                finished = true;
                hasher.interrupt();
            }
            closeQuietly();
        }

        private void closeQuietly() {
            try {
                ch.close();
            } catch (IOException e) {
                // read-only file: nothing to lose
            }
        }

        @Override
        public void close() {
            // the hasher may still read the rest of the file: finish() or abort() closes it
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

    /** One entry's header, after GNU long names and PAX records are applied (one instance, reused for every entry). */
    static final class Header {
        long size;
        long dataOffset;
        int mode;
        /** Seconds since 1970, 0 when absent or unreadable. */
        long mtime;
        boolean symlink, hardlink, sparse, directory;
        /** Bytes stored in the archive for this entry (differs from size for sparse files). */
        long stored;
        /** Link target, for links only. */
        String link;
    }

    interface EntryVisitor {
        void entry(String name, Header h) throws IOException;
    }

    /**
     * Reads tar headers: POSIX ustar (name prefix), GNU (long names 'L'/'K', old sparse 'S',
     * base-256 numbers), PAX ('x' per file: path, linkpath, size, mtime, GNU.sparse.*). Parses
     * the 512-byte blocks itself (checksum, octal fields) and decodes only what is used. Every
     * length is bounded; a malformed header is an {@link IOException}, never anything else.
     */
    static final class Walker {
        static final int MAX_META = 1 << 20;
        /** Marks an unreadable numeric field. */
        static final long BAD = Long.MIN_VALUE;
        private final Input in;
        private final EntryVisitor visitor;
        private final Header e = new Header();
        /** True when the archive ended without its end-of-archive marker. */
        boolean unterminated;
        /** Also visit directory entries (names ending in "/" or type '5'), for peeking. */
        boolean directories;

        Walker(Input in, EntryVisitor visitor) {
            this.in = in;
            this.visitor = visitor;
        }

        void run() throws IOException {
            byte[] h = new byte[512];
            String longName = null, longLink = null;
            Pax pax = null;
            while (true) {
                long at = in.position();
                int n = in.readFully(h, 0, 512);
                if (n == 0) {
                    unterminated = true; // cut at an entry boundary, or written without the closing zero blocks
                    return;
                }
                if (n < 512) throw new EOFException("the archive ends inside a header at " + at);
                if (isZero(h)) return; // end-of-archive marker
                if (!checksumOk(h)) throw new IOException("bad header checksum at offset " + at);
                long size = number(h, 124, 12);
                if (size == BAD) throw new IOException("bad size field at offset " + at);
                if (size < 0) throw new IOException("negative size at offset " + at);
                byte type = h[156];
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
                        pax = Pax.parse(meta(size, at), at);
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
                Header e = this.e;
                e.size = size;
                long mode = number(h, 100, 8);
                e.mode = mode < 0 || mode > Integer.MAX_VALUE ? 0 : (int) mode;
                long mtime = number(h, 136, 12);
                e.sparse = type == 'S';
                String name = null;
                String paxLink = null;
                if (pax != null) {
                    name = pax.sparseName != null ? pax.sparseName : pax.path;
                    paxLink = pax.linkpath;
                    if (pax.size >= 0) {
                        e.size = pax.size;
                        size = e.size; // the stored data size too (files over 8 GiB)
                        next = dataStart + ((size + 511) & ~511L);
                        if (next < dataStart) throw new IOException("size overflow at offset " + at);
                    }
                    if (pax.hasMtime) mtime = pax.mtime;
                    if (pax.sparse) e.sparse = true;
                    if (pax.realsize >= 0) e.size = pax.realsize;
                    else if (pax.sparseSize >= 0) e.size = pax.sparseSize;
                }
                if (name == null) name = longName != null ? longName : ustarName(h);
                if (type == 'S') {
                    long real = number(h, 483, 12); // real size of an old GNU sparse file
                    e.size = real < 0 ? 0 : real;
                }
                e.symlink = type == '2';
                e.hardlink = type == '1';
                e.link = e.symlink || e.hardlink ? (paxLink != null ? paxLink : longLink != null ? longLink : cString(h, 157, 100)) : null;
                longName = null;
                longLink = null;
                pax = null;
                e.mtime = mtime > 0 ? mtime : 0;
                e.dataOffset = dataStart;
                e.stored = size;
                if (in.length() >= 0 && dataStart + size > in.length()) throw new EOFException("the archive ends inside " + name);
                boolean file = type == '0' || type == 0 || type == '7' || type == 'S';
                boolean dir = type == '5' || file && name.endsWith("/");
                e.directory = dir;
                if (dir ? directories : file || e.symlink || e.hardlink) visitor.entry(name, e);
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

        /** The header checksum: the stored octal sum equals the sum of the header's bytes (unsigned, or signed as old tars did) with the field itself as spaces. */
        static boolean checksumOk(byte[] h) {
            long stored = octal(h, 148, 8);
            if (stored == BAD) return false;
            int unsigned = 0, negatives = 0;
            for (int i = 0; i < 512; i++) {
                int b = h[i];
                unsigned += b & 0xff;
                negatives += b >>> 31;
            }
            for (int i = 148; i < 156; i++) {
                int b = h[i];
                unsigned += ' ' - (b & 0xff);
                negatives -= b >>> 31;
            }
            int signed = unsigned - 256 * negatives;
            return stored == unsigned || stored == signed;
        }

        /**
         * An octal field (leading spaces, trailing spaces and NULs allowed; a field starting
         * with NUL is 0), or {@link #BAD}.
         */
        static long octal(byte[] b, int off, int len) {
            int start = off, end = off + len;
            if (b[start] == 0) return 0;
            while (start < end && b[start] == ' ') start++;
            while (start < end && (b[end - 1] == 0 || b[end - 1] == ' ')) end--;
            long r = 0;
            for (; start < end; start++) {
                int c = b[start];
                if (c < '0' || c > '7') return BAD;
                r = (r << 3) | (c - '0');
            }
            return r;
        }

        /** A numeric field in octal or GNU base-256 (high bit of the first byte set; 0xff: negative, returned as -1); {@link #BAD} when unreadable or over 63 bits. */
        static long number(byte[] b, int off, int len) {
            if ((b[off] & 0x80) == 0) return octal(b, off, len);
            if (b[off] == (byte) 0xff) return -1;
            long v = 0;
            for (int i = off + 1; i < off + len; i++) {
                if ((v >>> 55) != 0) return BAD;
                v = (v << 8) | (b[i] & 0xff);
            }
            return v;
        }

        /** name, with the ustar prefix for POSIX archives (magic "ustar\0"); GNU archives use that area otherwise. */
        private static String ustarName(byte[] h) {
            boolean posix = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
            if (posix && h[345] != 0) {
                String prefix = cString(h, 345, 155);
                if (!prefix.isEmpty()) return prefix + "/" + cString(h, 0, 100);
            }
            return cString(h, 0, 100);
        }

        static String cString(byte[] b, int off, int len) {
            int end = off;
            while (end < off + len && end < b.length && b[end] != 0) end++;
            return new String(b, off, end - off, StandardCharsets.UTF_8);
        }
    }

    /**
     * The per-file PAX records we use: "LEN key=value\n", LEN counting the whole record.
     * Only the values used are decoded; a malformed record is an error for the archive.
     */
    static final class Pax {
        String path, linkpath, sparseName;
        long size = -1, realsize = -1, sparseSize = -1, mtime;
        boolean hasMtime, sparse;

        static Pax parse(byte[] b, long at) throws IOException {
            Pax p = new Pax();
            int i = 0;
            while (i < b.length) {
                if (b[i] == 0) break;
                int sp = i;
                long len = 0;
                while (sp < b.length && b[sp] != ' ') {
                    int d = b[sp] - '0';
                    if (d < 0 || d > 9 || sp - i > 9) throw new IOException("bad PAX record at offset " + at);
                    len = len * 10 + d;
                    sp++;
                }
                if (sp == i) throw new IOException("bad PAX record at offset " + at);
                if (len <= sp - i + 1 || i + len > b.length) throw new IOException("bad PAX record length at offset " + at);
                int end = i + (int) len;
                int eq = sp + 1;
                while (eq < end && b[eq] != '=') eq++;
                if (eq >= end - 1) throw new IOException("bad PAX record at offset " + at);
                int k = sp + 1, v = eq + 1, ve = end - 1; // key [k, eq), value [v, ve): the record's last byte is its newline
                if (is(b, k, eq, "path")) p.path = new String(b, v, ve - v, StandardCharsets.UTF_8);
                else if (is(b, k, eq, "linkpath")) p.linkpath = new String(b, v, ve - v, StandardCharsets.UTF_8);
                else if (is(b, k, eq, "size")) p.size = decimal(b, v, ve);
                else if (is(b, k, eq, "mtime")) {
                    long t = seconds(b, v, ve);
                    if (t != BAD_TIME) {
                        p.mtime = t;
                        p.hasMtime = true;
                    }
                } else if (eq - k >= 11 && is(b, k, k + 11, "GNU.sparse.")) {
                    p.sparse = true;
                    if (is(b, k, eq, "GNU.sparse.name")) p.sparseName = new String(b, v, ve - v, StandardCharsets.UTF_8);
                    else if (is(b, k, eq, "GNU.sparse.realsize")) p.realsize = decimal(b, v, ve);
                    else if (is(b, k, eq, "GNU.sparse.size")) p.sparseSize = decimal(b, v, ve);
                }
                i = end;
            }
            return p;
        }

        private static final long BAD_TIME = Long.MIN_VALUE;

        private static boolean is(byte[] b, int from, int to, String key) {
            if (to - from != key.length()) return false;
            for (int i = 0; i < key.length(); i++) if (b[from + i] != key.charAt(i)) return false;
            return true;
        }

        /** A non-negative decimal (spaces around, a leading '+' allowed), or -1. */
        static long decimal(byte[] b, int from, int to) {
            while (from < to && b[from] == ' ') from++;
            while (to > from && b[to - 1] == ' ') to--;
            if (from < to && b[from] == '+') from++;
            if (from == to || to - from > 18) return -1;
            long v = 0;
            for (int i = from; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) return -1;
                v = v * 10 + d;
            }
            return v;
        }

        /** PAX time: seconds, optionally negative and with a fraction (dropped); {@link #BAD_TIME} when unreadable. */
        static long seconds(byte[] b, int from, int to) {
            boolean negative = from < to && b[from] == '-';
            if (negative) from++;
            int dot = from;
            while (dot < to && b[dot] != '.') dot++;
            for (int i = dot + 1; i < to; i++) if (b[i] < '0' || b[i] > '9') return BAD_TIME;
            long v = decimal(b, from, dot);
            if (v < 0 || from < dot && b[from] == '+') return BAD_TIME;
            return negative ? -v : v;
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
