package dev.vigil.ios.backup;

import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.backup.BackupArtifacts;
import dev.vigil.samples.ios.backup.BackupWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupDecryptorTest {
    @TempDir
    Path tmp;

    @Test
    void decryptedCopyIsAPlainBackupWithTheSameContent() throws Exception {
        IosFiles fs = BackupArtifacts.plantDemo(new IosFiles());
        Path backup = BackupWriter.of(fs).encrypted("pw", 10, 10).write(tmp.resolve("b"));
        Path out = tmp.resolve("plain");
        try (BackupSource s = BackupSource.open(backup, new CheckOptions().password("pw"::toCharArray))) {
            BackupDecryptor.Summary sum = BackupDecryptor.decrypt(s, backup, out);
            // every file but the app bundles' iTunesMetadata.plist (not backed up: it goes into Info.plist)
            assertThat(sum.files()).isEqualTo(7);
            assertThat(fs.entries().keySet().stream().filter(p -> !p.startsWith(BackupArtifacts.BUNDLES))).hasSize(7);
        }
        try (BackupSource plain = BackupSource.open(out, new CheckOptions().password(() -> { throw new AssertionError("no password needed"); }))) {
            assertThat(plain.encrypted()).isFalse();
            for (var e : fs.entries().values()) {
                if (e.path().startsWith(BackupArtifacts.BUNDLES)) continue;
                assertThat(plain.readAll(plain.findOne(e.path()), 1 << 20)).as(e.path()).isEqualTo(e.data());
            }
            // Its Manifest.db still carries EncryptionKey entries: accepted.
            BackupSource.Row row = plain.rows().stream().filter(r -> r.flags() == 1).findFirst().orElseThrow();
            assertThat(plain.meta(row).encryptionKey()).isNotNull();
        }
    }

    @Test
    void refusesNonEmptyOrInsideOutput() throws Exception {
        Path backup = BackupWriter.of(new IosFiles().put("private/var/mobile/a", "a")).encrypted("pw", 10, 10).write(tmp.resolve("b"));
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        assertThatThrownBy(() -> BackupDecryptor.checkOutput(backup, full)).isInstanceOf(EvidenceException.class).hasMessageContaining("is not empty");
        assertThatThrownBy(() -> BackupDecryptor.checkOutput(backup, backup.resolve("out"))).hasMessageContaining("inside the backup");
        assertThatThrownBy(() -> BackupDecryptor.checkOutput(backup, backup.resolve("x/../y"))).hasMessageContaining("inside the backup");
        BackupDecryptor.checkOutput(backup, tmp.resolve("new/deeper"));
    }
}
