package dev.vigil.android.source;

import dev.vigil.core.evidence.Custody;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.Glob;
import dev.vigil.core.evidence.ZipSource;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A zip archive read in place, from a file or from bytes held in memory (a bugreport.zip
 * inside an AndroidQF zip, an age-decrypted acquisition): nothing is ever extracted to disk.
 * Entry names go through {@link ZipSource#safeName} (zip-slip names are refused), a single
 * top-level folder holding the whole acquisition is stripped, symbolic links are never
 * followed, and every entry is bounded against zip bombs (size and ratio).
 */
public final class ArchiveSource implements EvidenceSource {
    /** Largest entry expanded. */
    public static final long MAX_ENTRY = 8L << 30;
    /** Largest compression ratio once an entry has expanded past 64 MiB. */
    public static final long MAX_RATIO = 200;
    private static final long RATIO_FLOOR = 64L << 20;

    private final String type;
    private final String location;
    private final ZipFile zip;
    private final boolean decrypted;
    private final Custody custody;
    private final Map<String, ZipArchiveEntry> entries = new HashMap<>();
    private final List<EvidenceFile> files = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    private ArchiveSource(String type, String location, ZipFile zip, boolean decrypted, Custody custody, List<String> markers) {
        this.type = type;
        this.location = location;
        this.zip = zip;
        this.decrypted = decrypted;
        this.custody = custody;
        List<ZipArchiveEntry> all = Collections.list(zip.getEntries());
        String strip = commonFolder(all, markers);
        for (ZipArchiveEntry e : all) {
            if (e.isDirectory()) continue;
            String logical = ZipSource.safeName(e.getName());
            if (logical == null) {
                rejected.add(e.getName());
                continue;
            }
            if (!strip.isEmpty() && logical.startsWith(strip)) logical = logical.substring(strip.length());
            if (logical.isEmpty() || entries.containsKey(logical)) continue;
            entries.put(logical, e);
            Map<String, Object> attrs = new HashMap<>();
            if (e.isUnixSymlink()) attrs.put("symlink", "true");
            files.add(new EvidenceFile(logical, e.getSize(),
                    e.getLastModifiedTime() == null ? null : e.getLastModifiedTime().toInstant(), attrs));
        }
        files.sort(Comparator.comparing(EvidenceFile::path));
    }

    /**
     * Opens a zip file. {@code markers} are file names expected at the acquisition's root
     * (e.g. "packages.json"): when none is at the zip's root but all sit in one top-level
     * folder, that folder is stripped.
     */
    public static ArchiveSource open(Path file, String type, List<String> markers) throws IOException {
        ZipFile z = ZipFile.builder().setPath(file).get();
        Custody c = new Custody();
        try {
            c.hashFile(file, file.getFileName().toString());
            return new ArchiveSource(type, file.toString(), z, false, c, markers);
        } catch (IOException | RuntimeException e) {
            z.close();
            throw e;
        }
    }

    /**
     * Opens a zip held in memory. Its hash is recorded in {@code custody} under {@code name}
     * (the custody of the evidence it came from), so the nested archive is accounted for.
     */
    public static ArchiveSource inMemory(byte[] data, String type, String location, String name, boolean decrypted,
                                         Custody custody, List<String> markers) throws IOException {
        ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(data)).get();
        Custody c = custody == null ? new Custody() : custody;
        c.record(name, data.length, HexFormat.of().formatHex(Custody.sha256().digest(data)));
        return new ArchiveSource(type, location, z, decrypted, c, markers);
    }

    private static String commonFolder(List<ZipArchiveEntry> all, List<String> markers) {
        if (markers == null || markers.isEmpty()) return "";
        String folder = null;
        for (ZipArchiveEntry e : all) {
            String n = ZipSource.safeName(e.getName());
            if (n == null || n.isEmpty()) continue;
            int s = n.indexOf('/');
            if (s < 0) {
                if (markers.contains(n)) return "";
                continue;
            }
            String rest = n.substring(s + 1);
            if (markers.contains(rest)) {
                String f = n.substring(0, s + 1);
                if (folder == null) folder = f;
                else if (!folder.equals(f)) return "";
            }
        }
        return folder == null ? "" : folder;
    }

    /** Entry names refused as unsafe. */
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
        return new Bounded(zip.getInputStream(e), f.path(), e.getCompressedSize());
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

    /** Stops an entry that expands beyond the size or ratio limits (a zip bomb). */
    static final class Bounded extends FilterInputStream {
        private final String name;
        private final long compressed;
        private long read;

        Bounded(InputStream in, String name, long compressed) {
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
}
