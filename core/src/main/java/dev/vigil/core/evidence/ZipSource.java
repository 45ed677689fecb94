package dev.vigil.core.evidence;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A zip archive read in place through its central directory: nothing is extracted. Entry
 * names are turned into safe logical paths (leading "/" and "./" removed; names with ".."
 * segments, NUL or backslashes are refused and listed in {@link #rejected()}), an optional
 * prefix is stripped ({@code filesystem1/}), symbolic-link entries are reported as such and
 * never followed, and every entry stream is bounded against zip bombs (absolute size and
 * compression ratio). The archive itself is hashed into the custody log.
 */
public class ZipSource implements EvidenceSource {
    /** Largest uncompressed entry read. */
    public static final long MAX_ENTRY = 8L << 30;
    /** Largest compression ratio accepted once an entry has expanded past {@link #RATIO_FLOOR}. */
    public static final long MAX_RATIO = 200;
    static final long RATIO_FLOOR = 64L << 20;

    private final Path file;
    private final String type;
    private final ZipFile zip;
    private final Map<String, ZipArchiveEntry> entries = new HashMap<>();
    private final List<EvidenceFile> files = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final Custody custody = new Custody();

    public ZipSource(Path file, String type) throws IOException {
        this(file, type, "");
    }

    /** Opens a zip; entries under {@code stripPrefix} (e.g. "filesystem1/") lose that prefix. */
    public ZipSource(Path file, String type, String stripPrefix) throws IOException {
        this(file, type, n -> !stripPrefix.isEmpty() && n.startsWith(stripPrefix) ? n.substring(stripPrefix.length()) : n);
    }

    /**
     * Opens a zip; each safe entry name passes through {@code rename} (e.g. strip a dump
     * prefix, map {@code var/} to {@code private/var/}); null drops the entry.
     */
    public ZipSource(Path file, String type, java.util.function.UnaryOperator<String> rename) throws IOException {
        this.file = file;
        this.type = type;
        this.zip = ZipFile.builder().setPath(file).get();
        custody.hashFile(file, file.getFileName().toString());
        for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
            if (e.isDirectory()) continue;
            String logical = safeName(e.getName());
            if (logical == null) {
                rejected.add(e.getName());
                continue;
            }
            logical = rename.apply(logical);
            if (logical == null || logical.isEmpty() || entries.containsKey(logical)) continue;
            entries.put(logical, e);
            Map<String, Object> attrs = new HashMap<>();
            if (e.isUnixSymlink()) attrs.put("symlink", "true");
            if (e.getUnixMode() != 0) attrs.put("mode", e.getUnixMode());
            files.add(new EvidenceFile(logical, e.getSize(), e.getLastModifiedTime() == null ? null : e.getLastModifiedTime().toInstant(), attrs));
        }
        files.sort(Comparator.comparing(EvidenceFile::path));
    }

    /**
     * A safe relative logical path for an archive entry name, or null when the name tries to
     * leave the archive (".." segments), or holds NUL or backslashes.
     */
    public static String safeName(String name) {
        if (name == null || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) return null;
        String n = name;
        while (n.startsWith("/") || n.startsWith("./")) n = n.startsWith("/") ? n.substring(1) : n.substring(2);
        StringBuilder out = new StringBuilder();
        for (String seg : n.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) return null;
            if (!out.isEmpty()) out.append('/');
            out.append(seg);
        }
        return out.toString();
    }

    /** Entry names refused as unsafe (path traversal and the like). */
    public List<String> rejected() {
        return Collections.unmodifiableList(rejected);
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
        List<EvidenceFile> out = new ArrayList<>();
        for (EvidenceFile f : files) if (g.matches(f.path())) out.add(f);
        return out;
    }

    @Override
    public InputStream open(EvidenceFile f) throws IOException {
        ZipArchiveEntry e = entries.get(f.path());
        if (e == null) throw new IOException("not in " + file.getFileName() + ": " + f.path());
        if (e.isUnixSymlink()) throw new IOException("refusing to follow a symbolic link: " + f.path());
        return new BoundedStream(zip.getInputStream(e), f.path(), e.getCompressedSize());
    }

    @Override
    public void walk(Consumer<EvidenceFile> visitor) {
        files.forEach(visitor);
    }

    @Override
    public Custody custody() {
        return custody;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** Stops reading an entry that expands beyond the size or ratio limits (a zip bomb). */
    static final class BoundedStream extends FilterInputStream {
        private final String name;
        private final long compressed;
        private long read;

        BoundedStream(InputStream in, String name, long compressed) {
            super(in);
            this.name = name;
            this.compressed = Math.max(1, compressed);
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > MAX_ENTRY) throw new IOException(name + ": entry expands beyond " + MAX_ENTRY + " bytes (zip bomb?)");
            if (read > RATIO_FLOOR && read / compressed > MAX_RATIO) {
                throw new IOException(name + ": compression ratio over " + MAX_RATIO + ":1 (zip bomb?)");
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count(n);
            return n;
        }
    }

    /** True when the file starts with the zip local-header magic number. */
    public static boolean isZipFile(Path p) {
        return isZip(p);
    }

    /** The safe names of a zip's entries (directories end with "/"), at most {@code max}: for detection. */
    public static List<String> peekNames(Path p, int max) {
        List<String> out = new ArrayList<>();
        try (ZipFile z = ZipFile.builder().setPath(p).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                if (out.size() >= max) break;
                String n = safeName(e.getName());
                if (n != null && !n.isEmpty()) out.add(e.isDirectory() ? n + "/" : n);
            }
        } catch (IOException | RuntimeException e) {
            // detection never throws
        }
        return out;
    }

    static boolean isZip(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }
}
