package dev.vigil.android;

import dev.vigil.android.backup.AdbBackup;
import dev.vigil.android.modules.AndroidTypes;
import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * An adb backup: a .ab file (plain, deflate-compressed or AES-256-encrypted, read as a
 * stream and kept in memory), a folder holding backup.ab, or the folder of an already
 * extracted backup (apps/...).
 */
public final class AndroidBackupType implements EvidenceType {
    @Override
    public String name() {
        return AndroidTypes.BACKUP;
    }

    @Override
    public String command() {
        return "check-android-backup";
    }

    @Override
    public String description() {
        return "Check an Android adb backup (.ab: plain, compressed or encrypted) or its extracted folder.";
    }

    @Override
    public boolean usesPassword() {
        return true;
    }

    static boolean isAb(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return AdbBackup.isBackup(in.readNBytes(16));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean detect(Path path) {
        try {
            if (Files.isRegularFile(path)) return isAb(path);
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Path ab = path.resolve("backup.ab");
                if (Files.isRegularFile(ab) && !Files.exists(path.resolve("packages.json"))) return isAb(ab);
                return Files.isDirectory(path.resolve("apps"), LinkOption.NOFOLLOW_LINKS)
                        && !Files.exists(path.resolve("packages.json"));
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Path ab = path.resolve("backup.ab");
            if (Files.isRegularFile(ab)) return openFile(ab, options);
            if (Files.isDirectory(path.resolve("apps"), LinkOption.NOFOLLOW_LINKS)) return new DirectorySource(path, name());
            throw new EvidenceException(path + " holds neither backup.ab nor an extracted backup (apps/)");
        }
        if (!Files.isRegularFile(path)) throw new EvidenceException(path + " does not exist");
        return openFile(path, options);
    }

    private EvidenceSource openFile(Path ab, CheckOptions options) throws IOException, EvidenceException {
        if (!isAb(ab)) throw new EvidenceException(ab + " is not an adb backup (no \"ANDROID BACKUP\" header)");
        AdbBackup.Contents c;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ab), 1 << 16)) {
            c = AdbBackup.read(in, ab.toString(), options::password);
        }
        MemorySource files = c.files();
        files.custody().hashFile(ab, ab.getFileName().toString());
        return files;
    }
}
