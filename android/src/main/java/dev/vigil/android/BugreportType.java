package dev.vigil.android;

import dev.vigil.android.modules.AndroidTypes;
import dev.vigil.core.evidence.ZipSource;
import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An Android bugreport ({@code adb bugreport} or Developer options > Take bug report): a
 * zip with main_entry.txt naming the dumpstate text (bugreport-DEVICE-BUILD-DATE.txt),
 * FS/ (copied files such as FS/data/tombstones/), or the same unzipped in a folder. Read in
 * place, never extracted.
 */
public final class BugreportType implements EvidenceType {
    static final List<String> MARKERS = List.of("main_entry.txt", "version.txt", "dumpstate_board.txt");

    static boolean isBugreportName(String base) {
        return base.equals("main_entry.txt") || (base.startsWith("bugreport-") && base.endsWith(".txt"))
                || (base.startsWith("dumpstate-") && base.endsWith(".txt"));
    }

    @Override
    public String name() {
        return AndroidTypes.BUGREPORT;
    }

    @Override
    public String command() {
        return "check-bugreport";
    }

    @Override
    public String description() {
        return "Check an Android bugreport (zip or unzipped folder): dumpsys sections and tombstones.";
    }

    @Override
    public boolean detect(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return Detect.folderWith(path, BugreportType::isBugreportName) != null
                        && Detect.folderWith(path, n -> n.equals("packages.json")) == null;
            }
            for (String n : Detect.zipNames(path)) {
                if (Detect.depth(n) <= 1 && isBugreportName(Detect.base(n))) return true;
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        if (Files.isDirectory(path)) {
            Path root = Detect.folderWith(path, BugreportType::isBugreportName);
            if (root == null) throw new EvidenceException(path + " is not an Android bugreport folder (no main_entry.txt or bugreport-*.txt)");
            return new DirectorySource(root, name());
        }
        if (!Files.isRegularFile(path)) throw new EvidenceException(path + " does not exist");
        if (!Detect.isZip(path)) throw new EvidenceException(path + " is not a zip: give the bugreport .zip or its unzipped folder");
        ZipSource s = ZipSource.acquisition(path, name(), List.of("main_entry.txt"));
        if (s.find("main_entry.txt").isEmpty() && s.find("bugreport-*.txt").isEmpty() && s.find("dumpstate-*.txt").isEmpty()) {
            s.close();
            throw new EvidenceException(path + " is a zip but not an Android bugreport (no main_entry.txt or bugreport-*.txt)");
        }
        return s;
    }
}
