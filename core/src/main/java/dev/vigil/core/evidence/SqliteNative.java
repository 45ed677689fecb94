package dev.vigil.core.evidence;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * SQLite's native library, loaded from a copy kept between runs. By itself sqlite-jdbc
 * inflates its 1.1 MB library from the jar into the temporary folder on every start and
 * inflates it once more to compare the copy: about 0.13 s of CPU for each command. A front
 * end that runs once per command (the CLI) names a folder with {@link #keepIn}; when Vigil
 * runs from its single jar, the copy there is used only while its size and CRC-32 are those
 * of the jar's entry, otherwise it is written again. Anything that fails leaves sqlite-jdbc
 * to do as it always does.
 */
final class SqliteNative {
    private static volatile Path keepIn;
    private static boolean loaded;

    private SqliteNative() {}

    /** Keep the library in this folder (made private to the user when created). */
    static void keepIn(Path dir) {
        keepIn = dir;
    }

    /** Loads the native library once (from the kept copy when there is a folder for it). */
    static synchronized void load() throws Exception {
        if (loaded) return;
        Path dir = keepIn;
        if (dir != null && System.getProperty("org.sqlite.lib.path") == null) {
            try {
                Path lib = kept(dir);
                if (lib != null) {
                    System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
                    System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
                }
            } catch (IOException | RuntimeException e) {
                // only ever saves time: sqlite-jdbc extracts its library itself
            }
        }
        SQLiteJDBCLoader.initialize();
        loaded = true;
    }

    /** The kept copy of the library for this jar and platform, written when missing or not the jar's; null when there is none to keep. */
    static Path kept(Path dir) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        URL url = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
        var own = SqliteNative.class.getProtectionDomain().getCodeSource();
        if (url == null || own == null) return null;
        return kept(dir, url, own.getLocation(), name, "sqlite-" + SQLiteJDBCLoader.getVersion());
    }

    /**
     * The kept copy of the jar entry {@code url} under {@code dir/native/<prefix>-<crc>/<name>}; null unless the entry is in
     * the jar at {@code ownJar} (Vigil's own single jar, not a development or test class path).
     */
    static Path kept(Path dir, URL url, URL ownJar, String name, String prefix) throws IOException {
        URLConnection c = url.openConnection();
        if (!(c instanceof JarURLConnection jar) || !jar.getJarFileURL().equals(ownJar)) return null;
        c.setUseCaches(false);
        ZipEntry entry = jar.getJarEntry();
        long size = entry.getSize(), crc = entry.getCrc();
        if (size <= 0 || crc < 0) return null;
        Path folder = dir.resolve("native").resolve(prefix + "-" + Long.toHexString(crc));
        Path lib = folder.resolve(name);
        if (matches(lib, size, crc)) return lib;
        Files.createDirectories(dir);
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(folder);
        }
        Path tmp = Files.createTempFile(folder, name, ".tmp");
        try {
            try (InputStream in = jar.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            if (!matches(tmp, size, crc)) return null;
            try {
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING);
            }
            return lib;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean matches(Path file, long size, long crc) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != size) return false;
            CRC32 sum = new CRC32();
            sum.update(Files.readAllBytes(file));
            return sum.getValue() == crc;
        } catch (IOException e) {
            return false;
        }
    }
}
