package dev.vigil.samples.ios.fs;

import dev.vigil.samples.ios.IosFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Date;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Serialises a virtual iPhone filesystem ({@link IosFiles}) the way filesystem dumps come:
 * a folder, a .tar (POSIX/PAX long names, as GNU tar and libarchive write them for iOS
 * paths longer than 100 characters), a .tar.gz, or a .zip; optionally under a prefix such as
 * {@code filesystem1/} (Cellebrite-style full file system extractions) and with the
 * {@code var -> private/var} symbolic link of the iOS root. Files whose content starts with a
 * Mach-O header get mode 0755, like programs on the phone.
 */
public final class DumpWriter {
    private DumpWriter() {}

    static int mode(byte[] data) {
        if (data.length >= 4) {
            int be = (data[0] & 0xff) << 24 | (data[1] & 0xff) << 16 | (data[2] & 0xff) << 8 | (data[3] & 0xff);
            if (be == 0xcffaedfe || be == 0xfeedfacf || be == 0xcafebabe) return 0100755;
        }
        return 0100644;
    }

    /** Writes the files under {@code dir/prefix}. */
    public static Path writeFolder(IosFiles fs, Path dir, String prefix) throws IOException {
        Path root = prefix.isEmpty() ? dir : dir.resolve(prefix);
        for (IosFiles.Entry e : fs.entries().values()) {
            Path p = root.resolve(e.path());
            Files.createDirectories(p.getParent());
            Files.write(p, e.data());
            Files.setLastModifiedTime(p, FileTime.from(e.modified()));
        }
        return dir;
    }

    /** Writes a tar (gzip-compressed when {@code gzip}), with directory entries and the {@code var} link. */
    public static Path writeTar(IosFiles fs, Path file, String prefix, boolean gzip) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TreeSet<String> dirs = new TreeSet<>();
            for (String p : fs.entries().keySet()) {
                for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) dirs.add(p.substring(0, i + 1));
            }
            for (String d : dirs) {
                TarArchiveEntry de = new TarArchiveEntry(prefix + d);
                de.setModTime(Date.from(IosFiles.DEFAULT_TIME));
                tar.putArchiveEntry(de);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry link = new TarArchiveEntry(prefix + "var", TarConstants.LF_SYMLINK);
            link.setLinkName("private/var");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            for (IosFiles.Entry e : fs.entries().values()) {
                TarArchiveEntry te = new TarArchiveEntry(prefix + e.path());
                te.setSize(e.data().length);
                te.setMode(mode(e.data()));
                te.setModTime(Date.from(e.modified()));
                tar.putArchiveEntry(te);
                tar.write(e.data());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return file;
    }

    /** Writes a zip with Unix modes. */
    public static Path writeZip(IosFiles fs, Path file, String prefix) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
            for (IosFiles.Entry e : fs.entries().values()) {
                ZipArchiveEntry ze = new ZipArchiveEntry(prefix + e.path());
                ze.setUnixMode(mode(e.data()));
                ze.setTime(e.modified().toEpochMilli());
                zip.putArchiveEntry(ze);
                zip.write(e.data());
                zip.closeArchiveEntry();
            }
        }
        return file;
    }
}
