package dev.vigil.android;

import dev.vigil.android.backup.AdbBackup;
import dev.vigil.android.modules.AndroidTypes;
import dev.vigil.core.evidence.ZipSource;
import dev.vigil.android.source.CompositeSource;
import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.Limits;
import dev.vigil.core.run.CheckOption;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An AndroidQF acquisition: its output folder, the zip of it, or that zip encrypted with
 * age ({@code .zip.age}, decrypted in memory with {@code --age-identity FILE}). The
 * bugreport.zip inside is mounted under {@code bugreport/} (read in place from a folder, or
 * from memory when nested in a zip) so the bugreport modules run on it too, and the
 * backup.ab inside under {@code backup/} (streamed and decrypted in memory).
 */
public final class AndroidQfType implements EvidenceType {
    /** Files AndroidQF writes at the root of an acquisition. */
    static final List<String> MARKERS = List.of("acquisition.json", "packages.json", "getprop.txt", "dumpsys.txt",
            "processes.txt", "processes.json", "files.json", "settings_secure.txt");
    static final Set<String> MARKER_SET = Set.copyOf(MARKERS);
    static final long MAX_NESTED_ZIP = 1536L << 20;
    public static final String AGE_IDENTITY = "age-identity";

    @Override
    public String name() {
        return AndroidTypes.ANDROIDQF;
    }

    @Override
    public String command() {
        return "check-androidqf";
    }

    @Override
    public String description() {
        return "Check an AndroidQF acquisition (folder, zip, or age-encrypted .zip.age), with its bugreport and backup.";
    }

    @Override
    public List<CheckOption> options() {
        return List.of(new CheckOption(AGE_IDENTITY, "age identity file (AGE-SECRET-KEY-1...) to decrypt a .zip.age acquisition",
                CheckOption.Kind.PATH));
    }

    @Override
    public boolean usesPassword() {
        return true;
    }

    @Override
    public boolean detect(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return Detect.folderWith(path, MARKER_SET::contains) != null;
            if (!Files.isRegularFile(path)) return false;
            if (AgeDecryption.isAge(path)) return true;
            for (String n : Detect.zipNames(path)) if (Detect.depth(n) <= 1 && MARKER_SET.contains(Detect.base(n))) return true;
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        EvidenceSource base;
        boolean inMemory;
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Path root = Detect.folderWith(path, MARKER_SET::contains);
            if (root == null) throw new EvidenceException(path + " is not an AndroidQF acquisition folder (no packages.json, getprop.txt, dumpsys.txt...)");
            base = new DirectorySource(root, name());
            inMemory = false;
        } else if (Files.isRegularFile(path) && AgeDecryption.isAge(path)) {
            byte[] plain = AgeDecryption.decrypt(path, options.file(AGE_IDENTITY));
            if (plain.length < 4 || plain[0] != 'P' || plain[1] != 'K') {
                throw new EvidenceException(path + " decrypts, but the content is not a zip acquisition");
            }
            ZipSource a = ZipSource.inMemory(plain, name(), path.toString(), "(decrypted) " + path.getFileName(), true, null, MARKERS);
            a.custody().hashFile(path, path.getFileName().toString());
            base = a;
            inMemory = true;
        } else if (Files.isRegularFile(path) && Detect.isZip(path)) {
            base = ZipSource.acquisition(path, name(), MARKERS);
            inMemory = true;
        } else {
            throw new EvidenceException(path + " is not an AndroidQF acquisition (a folder, a .zip or a .zip.age)");
        }
        try {
            boolean any = false;
            for (String m : MARKERS) any |= base.findOne(m) != null;
            if (!any) throw new EvidenceException(path + " holds none of AndroidQF's files (packages.json, getprop.txt, dumpsys.txt...)");
            CompositeSource c = new CompositeSource(base);
            mountBugreport(c, base, inMemory);
            mountBackup(c, base, options);
            return c;
        } catch (IOException | EvidenceException | RuntimeException e) {
            base.close();
            throw e;
        }
    }

    private static void mountBugreport(CompositeSource c, EvidenceSource base, boolean inMemory) {
        EvidenceFile br;
        try {
            br = base.findOne("bugreport.zip");
        } catch (IOException e) {
            c.problem("bugreport.zip", e.getMessage());
            return;
        }
        if (br == null) return;
        try {
            ZipSource nested;
            if (!inMemory && base instanceof DirectorySource d) {
                nested = ZipSource.acquisition(d.physical(br), AndroidTypes.BUGREPORT, BugreportType.MARKERS);
            } else {
                byte[] data;
                long limit = Math.min(MAX_NESTED_ZIP, Runtime.getRuntime().maxMemory() / 3);
                try (InputStream in = base.open(br)) {
                    data = Limits.readBounded(in, limit, "bugreport.zip");
                }
                nested = ZipSource.inMemory(data, AndroidTypes.BUGREPORT, base.location() + "!bugreport.zip", "bugreport.zip",
                        base.decrypted(), base.custody(), BugreportType.MARKERS);
            }
            c.mount("bugreport/", nested);
        } catch (IOException | RuntimeException e) {
            c.problem("bugreport.zip", "bugreport.zip could not be opened: " + e.getMessage());
        }
    }

    private static void mountBackup(CompositeSource c, EvidenceSource base, CheckOptions options) throws EvidenceException {
        EvidenceFile ab;
        try {
            ab = base.findOne("backup.ab");
        } catch (IOException e) {
            c.problem("backup.ab", e.getMessage());
            return;
        }
        if (ab == null) return;
        boolean[] asked = {false};
        try (InputStream in = new BufferedInputStream(base.open(ab), 1 << 16)) {
            AdbBackup.Contents contents = AdbBackup.read(in, "backup.ab", () -> {
                asked[0] = true;
                return options.password();
            });
            c.mount("backup/", contents.files());
            if (!contents.skipped().isEmpty()) {
                c.problem(AndroidBackupType.SKIPPED, "backup files not kept in memory: " + String.join(", ", contents.skipped()));
            }
        } catch (EvidenceException e) {
            // A wrong password is the user's mistake: say so. A missing one only costs the backup.
            if (e.getMessage().startsWith("Wrong password")) throw e;
            c.problem("backup.ab", e.getMessage());
        } catch (IOException | RuntimeException e) {
            c.problem("backup.ab", "backup.ab could not be read: " + e.getMessage());
        }
    }
}
