package dev.vigil.samples.ios.backup;

import dev.vigil.samples.Sample;
import dev.vigil.samples.ios.DemoPhone;

import java.io.IOException;
import java.nio.file.Path;

/** The demo phone as a plain (unencrypted) iTunes backup. */
public final class IosBackupSample implements Sample {
    @Override
    public String name() {
        return "ios-backup";
    }

    @Override
    public String evidenceType() {
        return "ios-backup";
    }

    @Override
    public String description() {
        return "Unencrypted iPhone backup (iOS 16.5) with planted public indicators: Predator configuration profile, "
                + "RCS Lab app id, an app sideloaded outside the App Store, and every artifact of the demo phone";
    }

    @Override
    public Path build(Path dir) throws IOException {
        return BackupWriter.of(DemoPhone.build()).write(dir.resolve("backup"));
    }
}
