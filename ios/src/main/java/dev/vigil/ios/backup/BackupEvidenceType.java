package dev.vigil.ios.backup;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.run.CheckOption;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code vigil check-backup}: an iTunes/Finder backup of an iPhone, plain or encrypted, folder or zip. */
public final class BackupEvidenceType implements EvidenceType {
    /** Option: a file holding the key printed by {@code vigil extract-key}. */
    public static final String KEY_FILE = "key-file";

    @Override
    public String name() {
        return BackupSource.TYPE;
    }

    @Override
    public String command() {
        return "check-backup";
    }

    @Override
    public String description() {
        return "Check an iTunes/Finder backup of an iPhone (iOS 10 or later; a folder or a zip of one; plain or encrypted).";
    }

    @Override
    public boolean detect(Path path) {
        return BackupProbe.looksLikeBackup(path);
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        try {
            return BackupSource.open(path, options);
        } catch (IllegalArgumentException e) {
            throw new EvidenceException(e.getMessage(), e);
        }
    }

    @Override
    public List<CheckOption> options() {
        return List.of(new CheckOption(KEY_FILE, "Use the backup key printed by 'vigil extract-key' instead of the password (skips the slow key derivation).",
                CheckOption.Kind.PATH));
    }

    @Override
    public boolean usesPassword() {
        return true;
    }
}
