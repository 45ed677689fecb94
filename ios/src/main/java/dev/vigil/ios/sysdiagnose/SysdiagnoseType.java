package dev.vigil.ios.sysdiagnose;

import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.TarSource;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;
import dev.vigil.ios.fs.DumpLayout;
import dev.vigil.ios.fs.IosFsType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A sysdiagnose archive ({@code sysdiagnose_<date>_iPhone-OS_iPhone_<build>.tar.gz}, made on
 * the phone with a button combination), read in place in one pass: {@code vigil
 * check-sysdiagnose}. Logical paths are relative to the archive's top folder
 * ({@code ps.txt}, {@code system_logs.logarchive/Extra/shutdown.log},
 * {@code crashes_and_spins/...}).
 */
public final class SysdiagnoseType implements EvidenceType {
    public static final String NAME = "ios-sysdiagnose";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String command() {
        return "check-sysdiagnose";
    }

    @Override
    public String description() {
        return "Check an iPhone sysdiagnose archive (.tar.gz or extracted folder): shutdown logs, processes, crash reports";
    }

    @Override
    public boolean detect(Path path) {
        return DumpLayout.inspect(path).kind() == DumpLayout.Kind.SYSDIAGNOSE;
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        DumpLayout layout = DumpLayout.inspect(path);
        switch (layout.kind()) {
            case BACKUP -> throw new EvidenceException(path + " is an iTunes/Finder backup, not a sysdiagnose: check it with `vigil check-backup`.");
            case FS -> throw new EvidenceException(path + " is a filesystem dump, not a sysdiagnose: check it with `vigil check-fs`.");
            case UNKNOWN -> throw new EvidenceException(path + " does not look like a sysdiagnose archive (no sysdiagnose_* folder inside).");
            case SYSDIAGNOSE -> {
                // handled below
            }
        }
        return switch (layout.container()) {
            case FOLDER -> new DirectorySource(layout.root(), NAME);
            case TAR -> {
                try {
                    yield new TarSource(path, NAME, stripTopFolder(), IosFsType.wantedGlobs(modules(options)), false);
                } catch (IOException e) {
                    throw new EvidenceException(path + " cannot be read as a sysdiagnose archive: " + e.getMessage(), e);
                }
            }
            default -> throw new EvidenceException(path + " is neither a folder nor a .tar.gz sysdiagnose.");
        };
    }

    /** Drops the {@code sysdiagnose_...} top folder from entry names. */
    static UnaryOperator<String> stripTopFolder() {
        return n -> {
            int s = n.indexOf('/');
            if (s < 0) return n.startsWith("sysdiagnose") ? null : n;
            return n.substring(0, s).startsWith("sysdiagnose") ? n.substring(s + 1) : n;
        };
    }
}
