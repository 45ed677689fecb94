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
import java.util.function.UnaryOperator;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

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

    private final String location;
    private final String type;
    private final ZipFile zip;
    private final boolean decrypted;
    private final Map<String, ZipArchiveEntry> entries = new HashMap<>();
    private final List<EvidenceFile> files = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final Custody custody;

    public ZipSource(Path file, String type) throws IOException {
        this(file, type, "");
    }

    /** Opens a zip; entries under {@code stripPrefix} (e.g. "filesystem1/") lose that prefix. */
    public ZipSource(Path file, String type, String stripPrefix) throws IOException {
        this(file, type, strip(stripPrefix));
    }

    /**
     * Opens a zip; each safe entry name passes through {@code rename} (e.g. strip a dump
     * prefix, map {@code var/} to {@code private/var/}); null drops the entry.
     */
    public ZipSource(Path file, String type, UnaryOperator<String> rename) throws IOException {
        this(hashed(file), openFile(file), type, file.toString(), false, rename);
    }

    private ZipSource(Custody custody, ZipFile zip, String type, String location, boolean decrypted,
                      UnaryOperator<String> rename) {
        this.zip = zip;
        this.type = type;
        this.location = location;
        this.decrypted = decrypted;
        this.custody = custody;
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
     * Opens an acquisition zip whose files may all sit in one top-level folder (a zipped
     * AndroidQF or bugreport folder): {@code markers} are file names expected at the
     * acquisition's root; when none is at the zip's root but they sit in one folder, that
     * folder is stripped.
     */
    public static ZipSource acquisition(Path file, String type, List<String> markers) throws IOException {
        Custody c = hashed(file);
        ZipFile z = openFile(file);
        try {
            return new ZipSource(c, z, type, file.toString(), false, strip(commonFolder(z, markers)));
        } catch (RuntimeException e) {
            z.close();
            throw e;
        }
    }

    /**
     * An acquisition zip held in memory (nested in other evidence, or decrypted): nothing is
     * written anywhere. Its hash is recorded in {@code custody} (the custody of the evidence
     * it came from, or a new one when null) under {@code name}.
     */
    public static ZipSource inMemory(byte[] data, String type, String location, String name, boolean decrypted,
                                     Custody custody, List<String> markers) throws IOException {
        ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(data)).get();
        Custody c = custody == null ? new Custody() : custody;
        c.record(name, data.length, java.util.HexFormat.of().formatHex(Custody.sha256().digest(data)));
        return new ZipSource(c, z, type, location, decrypted, strip(commonFolder(z, markers)));
    }

    private static ZipFile openFile(Path file) throws IOException {
        return ZipFile.builder().setPath(file).get();
    }

    private static Custody hashed(Path file) throws IOException {
        Custody c = new Custody();
        c.hashFile(file, file.getFileName().toString());
        return c;
    }

    private static UnaryOperator<String> strip(String prefix) {
        return n -> !prefix.isEmpty() && n.startsWith(prefix) ? n.substring(prefix.length()) : n;
    }

    /** The one top-level folder holding the marker files, or "" when they are at the root or absent. */
    private static String commonFolder(ZipFile zip, List<String> markers) {
        if (markers == null || markers.isEmpty()) return "";
        String folder = null;
        for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
            String n = safeName(e.getName());
            if (n == null || n.isEmpty()) continue;
            int s = n.indexOf('/');
            if (s < 0) {
                if (markers.contains(n)) return "";
                continue;
            }
            if (markers.contains(n.substring(s + 1))) {
                String f = n.substring(0, s + 1);
                if (folder == null) folder = f;
                else if (!folder.equals(f)) return "";
            }
        }
        return folder == null ? "" : folder;
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
        return location;
    }

    @Override
    public boolean indexed() {
        return true;
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
        if (e == null) throw new IOException("not in " + location + ": " + f.path());
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
    public boolean decrypted() {
        return decrypted;
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
        try (InputStream in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            // a local file header, or the end record of an empty zip
            return m.length == 4 && m[0] == 'P' && m[1] == 'K' && (m[2] == 3 && m[3] == 4 || m[2] == 5 && m[3] == 6);
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
}
