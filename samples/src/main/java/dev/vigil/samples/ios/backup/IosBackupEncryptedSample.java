package dev.vigil.samples.ios.backup;

import dev.vigil.samples.Sample;
import dev.vigil.samples.ios.DemoPhone;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The demo phone as an encrypted iTunes backup. The keybag is real (iOS 10.2+ layout) but
 * its iteration counts are lowered so that the demo runs in seconds: DPIC 100,000 (real
 * phones: 10,000,000) and ITER 1,000 (real: 10,000), about 0.1 s of key derivation.
 */
public final class IosBackupEncryptedSample implements Sample {
    public static final String PASSWORD = "vigil-demo";
    public static final int DPIC = 100_000;
    public static final int ITER = 1_000;

    @Override
    public String name() {
        return "ios-backup-encrypted";
    }

    @Override
    public String evidenceType() {
        return "ios-backup";
    }

    @Override
    public String description() {
        return "Encrypted iPhone backup (password \"" + PASSWORD + "\"; keybag with lowered iteration counts DPIC "
                + DPIC + " / ITER " + ITER + " so the demo is fast) with the same planted indicators as ios-backup";
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public Path build(Path dir) throws IOException {
        return BackupWriter.of(DemoPhone.build()).encrypted(PASSWORD, DPIC, ITER).write(dir.resolve("backup"));
    }
}
