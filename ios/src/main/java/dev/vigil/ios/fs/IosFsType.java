package dev.vigil.ios.fs;

import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.TarSource;
import dev.vigil.core.evidence.ZipSource;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.run.CheckOption;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A full filesystem dump of an iPhone (jailbreak, checkm8 or forensic extraction) as a
 * folder, .tar, .tar.gz or .zip, read in place: {@code vigil check-fs}. Archives are read in
 * one streaming pass ({@link TarSource}); the globs of every module's {@code paths()} tell a
 * .tar.gz which entries to keep.
 */
public final class IosFsType implements EvidenceType {
    public static final String NAME = "ios-fs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String command() {
        return "check-fs";
    }

    @Override
    public String description() {
        return "Check a full filesystem dump of an iPhone (folder, .tar, .tar.gz or .zip), read in place";
    }

    @Override
    public List<CheckOption> options() {
        return List.of(
                new CheckOption("fast", "Skip the slow part of the filesystem walk (reading the first bytes of files in writable system folders)", CheckOption.Kind.FLAG),
                new CheckOption("hashes", "Compute the SHA-256 of every file and match it against hash indicators", CheckOption.Kind.FLAG));
    }

    @Override
    public boolean detect(Path path) {
        return DumpLayout.inspect(path).kind() == DumpLayout.Kind.FS;
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        DumpLayout layout = DumpLayout.inspect(path);
        switch (layout.kind()) {
            case BACKUP -> throw new EvidenceException(path + " is an iTunes/Finder backup, not a filesystem dump: check it with `vigil check-backup`.");
            case SYSDIAGNOSE -> throw new EvidenceException(path + " is a sysdiagnose archive, not a filesystem dump: check it with `vigil check-sysdiagnose`.");
            case UNKNOWN -> throw new EvidenceException(path + " does not look like an iOS filesystem dump (no private/var, System/Library or var/mobile inside).");
            case FS -> {
                // handled below
            }
        }
        return switch (layout.container()) {
            case FOLDER -> new DirectorySource(layout.root(), NAME);
            case ZIP -> new ZipSource(path, NAME, layout.renamer());
            case TAR -> {
                try {
                    yield new TarSource(path, NAME, layout.renamer(), wantedGlobs(modules(options)), "true".equals(options.flag("hashes")));
                } catch (IOException e) {
                    throw new EvidenceException(path + " cannot be read as a tar archive: " + e.getMessage(), e);
                }
            }
            case OTHER -> throw new EvidenceException(path + " is neither a folder, a tar nor a zip archive.");
        };
    }

    /** Every glob the modules declared: the entries a compressed archive must keep in its single pass. */
    public static Set<String> wantedGlobs(List<ArtifactModule> modules) {
        Set<String> out = new LinkedHashSet<>();
        for (ArtifactModule m : modules) {
            try {
                out.addAll(m.paths());
            } catch (RuntimeException e) {
                // a module with broken paths() reads nothing from a compressed archive; it reports so itself
            }
        }
        return out;
    }
}
