package dev.vigil.ios.backup;

import dev.vigil.core.evidence.Custody;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the raw (possibly encrypted) files of a backup are read from: a folder, or a zip
 * opened in place (never extracted). Names are relative to the backup root
 * ({@code Manifest.db}, {@code ab/ab12...}).
 */
abstract sealed class BackupStore implements Closeable {
    /** Largest ratio of uncompressed to compressed size accepted for a big zip entry. */
    static final long MAX_RATIO = 1000;
    /** Size from which the ratio is enforced (small files compress very well legitimately). */
    static final long RATIO_FLOOR = 16L << 20;
    /** Largest single entry read from a zip. */
    static final long MAX_ENTRY = 64L << 30;

    abstract String location();

    /** Size of a stored file, or -1 when it is not there. */
    abstract long size(String name);

    final boolean exists(String name) {
        return size(name) >= 0;
    }

    /** Opens a stored file; its bytes are hashed into the custody log as the evidence requires. */
    abstract InputStream open(String name, Custody custody) throws IOException;

    static boolean safeName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")) return false;
        if (name.length() > 1 && name.charAt(1) == ':') return false;
        for (String seg : name.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) return false;
        }
        return true;
    }

    /** A backup folder. Symbolic links are never followed. */
    static final class Dir extends BackupStore {
        private final Path root;

        Dir(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        Path root() {
            return root;
        }

        @Override
        String location() {
            return root.toString();
        }

        private Path resolve(String name) {
            if (!safeName(name)) return null;
            Path p = root.resolve(name).normalize();
            return p.startsWith(root) ? p : null;
        }

        @Override
        long size(String name) {
            Path p = resolve(name);
            if (p == null) return -1;
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return a.isRegularFile() ? a.size() : -1;
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        InputStream open(String name, Custody custody) throws IOException {
            Path p = resolve(name);
            if (p == null) throw new IOException("unsafe name in backup: " + name);
            if (Files.isSymbolicLink(p)) throw new IOException("refusing to follow a symbolic link: " + name);
            InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try {
                return custody.hashing(in, name, Files.size(p));
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        @Override
        public void close() {
            // nothing held open
        }
    }

    /**
     * A zip holding a backup, read in place. Entry names that are absolute, contain ".." or
     * backslashes are ignored (and counted); entries are read through a stream bounded by
     * their declared size, and big entries with an absurd compression ratio are refused.
     * The zip file itself is the custody record.
     */
    static final class Zip extends BackupStore {
        private final Path file;
        private final ZipFile zip;
        private final String prefix;
        private final Map<String, ZipArchiveEntry> entries;
        private final int ignored;

        private Zip(Path file, ZipFile zip, String prefix, Map<String, ZipArchiveEntry> entries, int ignored) {
            this.file = file;
            this.zip = zip;
            this.prefix = prefix;
            this.entries = entries;
            this.ignored = ignored;
        }

        /** Opens a zip and indexes its safe entry names (relative to the zip root). */
        static Zip open(Path file) throws IOException {
            ZipFile zf = ZipFile.builder().setPath(file).get();
            try {
                Map<String, ZipArchiveEntry> all = new TreeMap<>();
                int ignored = 0;
                Enumeration<ZipArchiveEntry> en = zf.getEntries();
                while (en.hasMoreElements()) {
                    ZipArchiveEntry e = en.nextElement();
                    if (e.isDirectory()) continue;
                    if (!safeName(e.getName())) {
                        ignored++;
                        continue;
                    }
                    all.putIfAbsent(e.getName(), e);
                }
                return new Zip(file, zf, "", all, ignored);
            } catch (RuntimeException e) {
                zf.close();
                throw e;
            }
        }

        /** All safe entry names, sorted. */
        List<String> names() {
            return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
        }

        int ignored() {
            return ignored;
        }

        /** The same zip seen from a folder inside it ("" for the root). */
        Zip at(String folder) {
            if (folder.isEmpty()) return this;
            Map<String, ZipArchiveEntry> sub = new TreeMap<>();
            String p = folder.endsWith("/") ? folder : folder + "/";
            for (var e : entries.entrySet()) {
                if (e.getKey().startsWith(p)) sub.put(e.getKey().substring(p.length()), e.getValue());
            }
            return new Zip(file, zip, prefix + p, sub, ignored);
        }

        @Override
        String location() {
            return file.toAbsolutePath().normalize() + (prefix.isEmpty() ? "" : "!/" + prefix);
        }

        @Override
        long size(String name) {
            ZipArchiveEntry e = entries.get(name);
            if (e == null) return -1;
            return e.getSize() < 0 ? Long.MAX_VALUE : e.getSize();
        }

        @Override
        InputStream open(String name, Custody custody) throws IOException {
            ZipArchiveEntry e = entries.get(name);
            if (e == null) throw new IOException("not in " + location() + ": " + name);
            long declared = e.getSize();
            long compressed = e.getCompressedSize();
            if (declared > MAX_ENTRY) throw new IOException(name + " in " + file + " declares " + declared + " bytes, over the limit");
            if (declared > RATIO_FLOOR && compressed > 0 && declared / compressed > MAX_RATIO) {
                throw new IOException(name + " in " + file + " expands " + (declared / compressed) + " times: refusing a likely zip bomb");
            }
            long bound = declared >= 0 ? declared : MAX_ENTRY;
            return new Bounded(zip.getInputStream(e), bound, prefix + name);
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** Fails when a stream yields more than its bound (a lying size field or a bomb). */
    static final class Bounded extends FilterInputStream {
        private final long bound;
        private final String what;
        private long read;

        Bounded(InputStream in, long bound, String what) {
            super(in);
            this.bound = bound;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > bound) throw new IOException(what + " is larger than its declared " + bound + " bytes");
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
                if (read > bound) throw new IOException(what + " is larger than its declared " + bound + " bytes");
            }
            return n;
        }
    }
}
