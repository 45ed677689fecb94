package dev.vigil.samples.android;

import dev.vigil.samples.Sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo Android samples registered for {@code vigil demo}. */
public final class AndroidSamples {
    private AndroidSamples() {}

    /** A bugreport zip of the demo phone (NoviSpy, ResidentBat, campaign property, TheTruthSpy). */
    public static final class Bugreport implements Sample {
        @Override
        public String name() {
            return "android-bugreport";
        }

        @Override
        public String evidenceType() {
            return "android-bugreport";
        }

        @Override
        public String description() {
            return "Android 14 bugreport with NoviSpy and ResidentBat app ids, a campaign android-property, TheTruthSpy stalkerware and tombstones.";
        }

        @Override
        public Path build(Path dir) throws IOException {
            Files.createDirectories(dir);
            return BugreportBuilder.zip(dir.resolve("bugreport-oriole-UP1A.231105.003-2024-11-20-10-00-00.zip"));
        }
    }

    /** An AndroidQF zip with bugreport.zip, backup.ab and APKs. */
    public static final class AndroidQf implements Sample {
        @Override
        public String name() {
            return "androidqf";
        }

        @Override
        public String evidenceType() {
            return "androidqf";
        }

        @Override
        public String description() {
            return "AndroidQF acquisition zip (packages, processes, files, dumpsys, bugreport.zip, backup.ab with SMS links, signed APKs) with NoviSpy, campaign and stalkerware indicators.";
        }

        @Override
        public Path build(Path dir) throws IOException {
            Files.createDirectories(dir);
            return AndroidQfBuilder.zip(dir.resolve("androidqf-5d1c2a3b.zip"), AndroidQfBuilder.Options.full());
        }
    }

    /** An encrypted adb backup with SMS links to a campaign domain and a stalkerware site. */
    public static final class BackupEncrypted implements Sample {
        public static final String PASSWORD = "vigil-demo-backup";

        @Override
        public String name() {
            return "android-backup-encrypted";
        }

        @Override
        public String evidenceType() {
            return "android-backup";
        }

        @Override
        public String description() {
            return "AES-256 encrypted adb backup (password " + PASSWORD + ") of the SMS provider with links to an Amnesty campaign domain and a stalkerware site.";
        }

        @Override
        public String password() {
            return PASSWORD;
        }

        @Override
        public Path build(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path p = dir.resolve("backup-encrypted.ab");
            Files.write(p, AdbBackupWriter.write(AdbBackupWriter.demoFiles(), AdbBackupWriter.Mode.ENCRYPTED, PASSWORD));
            return p;
        }
    }
}
