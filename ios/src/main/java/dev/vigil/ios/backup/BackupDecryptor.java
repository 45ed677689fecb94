package dev.vigil.ios.backup;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.run.EvidenceException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a decrypted copy of an encrypted backup, asked for explicitly with
 * {@code vigil decrypt-backup}: the only place where Vigil writes decrypted data. The copy
 * is a plain backup that Vigil and other tools read: Info.plist and Status.plist as they
 * were, Manifest.plist without its keybag and with IsEncrypted false, the decrypted
 * Manifest.db (its MBFile records keep their EncryptionKey entries), and every file
 * decrypted to {@code <first two hex>/<fileID>}. Files are created readable by their owner
 * only. The output folder must be new or empty and must not lie inside the backup.
 */
public final class BackupDecryptor {
    /** What was written. */
    public record Summary(int files, long bytes, int missing) {}

    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private BackupDecryptor() {}

    /** Checks the output folder: new or empty, and not inside the backup. */
    public static void checkOutput(Path backup, Path out) throws EvidenceException, IOException {
        Path b = backup.toAbsolutePath().normalize();
        Path o = out.toAbsolutePath().normalize();
        Path bReal = Files.exists(b) ? b.toRealPath() : b;
        Path oReal = realOfNearestExisting(o);
        if (o.startsWith(b) || oReal.startsWith(bReal)) {
            throw new EvidenceException("the output folder " + out + " is inside the backup " + backup + ": choose a folder outside the evidence");
        }
        if (Files.exists(o, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(o, LinkOption.NOFOLLOW_LINKS)) throw new EvidenceException("the output " + out + " exists and is not a folder");
            try (Stream<Path> s = Files.list(o)) {
                if (s.findAny().isPresent()) throw new EvidenceException("the output folder " + out + " is not empty: give a new or empty folder");
            }
        }
    }

    private static Path realOfNearestExisting(Path p) throws IOException {
        Path cur = p;
        Path rest = null;
        while (cur != null && !Files.exists(cur)) {
            rest = rest == null ? cur.getFileName() : cur.getFileName().resolve(rest);
            cur = cur.getParent();
        }
        if (cur == null) return p;
        Path real = cur.toRealPath();
        return rest == null ? real : real.resolve(rest);
    }

    /** Writes the decrypted copy of an opened backup into {@code out}. */
    public static Summary decrypt(BackupSource source, Path backup, Path out) throws IOException, EvidenceException {
        checkOutput(backup, out);
        mkdir(out);
        int files = 0, missing = 0;
        long bytes = 0;
        for (String name : new String[] {"Info.plist", "Status.plist", "Manifest.db"}) {
            EvidenceFile f = source.findOne(BackupSource.PSEUDO + name);
            if (f == null) continue;
            try (InputStream in = source.open(f)) {
                bytes += copy(in, out.resolve(name));
            }
        }
        EvidenceFile mp = source.findOne(BackupSource.MANIFEST_PLIST);
        if (mp != null) {
            NSDictionary d = Plists.dict(source.readAll(mp, 64L << 20), "Manifest.plist");
            d.remove("BackupKeyBag");
            d.remove("ManifestKey");
            d.put("IsEncrypted", new NSNumber(false));
            try (OutputStream os = create(out.resolve("Manifest.plist"))) {
                BinaryPropertyListWriter.write(d, os);
            }
        }
        for (BackupSource.Row r : source.rows()) {
            if (r.flags() != BackupSource.FLAG_FILE) continue;
            Path dir = out.resolve(r.fileID().substring(0, 2));
            if (!Files.isDirectory(dir)) mkdir(dir);
            try (InputStream in = source.open(r)) {
                bytes += copy(in, dir.resolve(r.fileID()));
                files++;
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains("is missing")) {
                    missing++;
                    continue;
                }
                throw e;
            }
        }
        return new Summary(files, bytes, missing);
    }

    private static void mkdir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (POSIX) {
            FileAttribute<Set<PosixFilePermission>> a = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(dir, a);
        } else {
            Files.createDirectories(dir);
        }
    }

    private static OutputStream create(Path p) throws IOException {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(p.toString());
        if (POSIX) Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.newOutputStream(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }

    private static long copy(InputStream in, Path to) throws IOException {
        try (OutputStream os = create(to)) {
            return in.transferTo(os);
        }
    }
}
