package dev.vigil.android;

import dev.vigil.android.backup.AdbBackup;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.samples.android.AdbBackupWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdbBackupTest {
    static final String PW = "correct horse";

    static Path write(Path dir, AdbBackupWriter.Mode mode) throws IOException {
        return Files.write(dir.resolve(mode + ".ab"), AdbBackupWriter.write(AdbBackupWriter.demoFiles(), mode, PW));
    }

    @ParameterizedTest
    @EnumSource(AdbBackupWriter.Mode.class)
    void allThreeFormsGiveTheSameMessages(AdbBackupWriter.Mode mode, @TempDir Path dir) throws Exception {
        Path ab = write(dir, mode);
        assertThat(new AndroidBackupType().detect(ab)).isTrue();
        CheckOptions o = new CheckOptions().password(PW::toCharArray);
        try (EvidenceSource s = new AndroidBackupType().open(ab, o)) {
            assertThat(s.find("apps/**")).extracting(f -> f.path()).containsExactly(
                    "apps/com.android.providers.telephony/_manifest",
                    "apps/com.android.providers.telephony/d_f/000000_mms_backup",
                    "apps/com.android.providers.telephony/d_f/000000_sms_backup");
            assertThat(s.decrypted()).isEqualTo(mode == AdbBackupWriter.Mode.ENCRYPTED);
            assertThat(s.custody().entries()).extracting(e -> e.path()).containsExactly(ab.getFileName().toString());
        }
        RunResult r = Runs.run(new AndroidBackupType(), ab, o, TestIocs.android());
        assertThat(Runs.module(r, "sms").status()).isEqualTo(ModuleStatus.OK);
        assertThat(Runs.records(r, "sms")).hasSize(4);
        assertThat(Runs.alerts(r, "sms")).extracting(a -> a.matchedIndicator().value()).containsExactly("automatedrelax.org", "copy9.com");
    }

    @Test
    void headerIsParsed() throws Exception {
        byte[] ab = AdbBackupWriter.write(AdbBackupWriter.demoFiles(), AdbBackupWriter.Mode.ENCRYPTED, PW);
        AdbBackup.Contents c = AdbBackup.read(new ByteArrayInputStream(ab), "x.ab", PW::toCharArray);
        assertThat(c.header()).isEqualTo(new AdbBackup.Header(5, true, "AES-256", 10_000));
        assertThat(c.skipped()).isEmpty();
    }

    @Test
    void wrongOrMissingPasswordIsOneClearError(@TempDir Path dir) throws Exception {
        Path ab = write(dir, AdbBackupWriter.Mode.ENCRYPTED);
        assertThatThrownBy(() -> new AndroidBackupType().open(ab, new CheckOptions().password("wrong"::toCharArray)))
                .isInstanceOf(EvidenceException.class).hasMessage("Wrong password for the encrypted adb backup " + ab + ".");
        assertThatThrownBy(() -> new AndroidBackupType().open(ab, new CheckOptions()))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("is an encrypted adb backup: give its password");
    }

    @Test
    void truncatedAndForeignFilesFailClearly(@TempDir Path dir) throws Exception {
        byte[] all = AdbBackupWriter.write(AdbBackupWriter.demoFiles(), AdbBackupWriter.Mode.COMPRESSED, null);
        Path cut = Files.write(dir.resolve("cut.ab"), Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> new AndroidBackupType().open(cut, new CheckOptions())).isInstanceOf(IOException.class);
        Path header = Files.write(dir.resolve("header.ab"), "ANDROID BACKUP\n5\n".getBytes());
        assertThatThrownBy(() -> new AndroidBackupType().open(header, new CheckOptions())).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated adb backup header");
        Path v9 = Files.write(dir.resolve("v9.ab"), "ANDROID BACKUP\n9\n0\nnone\n".getBytes());
        assertThatThrownBy(() -> new AndroidBackupType().open(v9, new CheckOptions())).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("unsupported adb backup format version 9");
        Path other = Files.write(dir.resolve("other.ab"), "hello".getBytes());
        assertThat(new AndroidBackupType().detect(other)).isFalse();
        assertThatThrownBy(() -> new AndroidBackupType().open(other, new CheckOptions())).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("not an adb backup");
        Path rounds = Files.write(dir.resolve("rounds.ab"), ("ANDROID BACKUP\n5\n1\nAES-256\naa\nbb\n999999999\ncc\ndd\n").getBytes());
        assertThatThrownBy(() -> new AndroidBackupType().open(rounds, new CheckOptions().password(PW::toCharArray)))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("implausible PBKDF2 round count");
    }

    @Test
    void checksumFollowsAndroidsCharConversion() throws Exception {
        // A key byte >= 0x80 becomes a char 0xFF80-0xFFFF, which PBKDF2WithHmacSHA1 (v2+) encodes as 3 UTF-8 bytes,
        // while format version 1 used the low 8 bits: the two must differ, and v2 must equal the JDK on those chars.
        byte[] mk = HexFormat.of().parseHex("00ff7f80" + "11".repeat(28));
        byte[] salt = new byte[64];
        char[] chars = new char[mk.length];
        for (int i = 0; i < mk.length; i++) chars[i] = (char) mk[i];
        assertThat(chars[1]).isEqualTo('\uffff');
        byte[] v2 = AdbBackup.checksum(mk, salt, 100, 2);
        byte[] jdk = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                .generateSecret(new javax.crypto.spec.PBEKeySpec(chars, salt, 100, 256)).getEncoded();
        assertThat(v2).isEqualTo(jdk);
        assertThat(AdbBackup.checksum(mk, salt, 100, 1)).isNotEqualTo(v2).hasSize(32);
        // version 1 is PBKDF2 over the raw bytes: RFC 6070 vector 2 ("password"/"salt", 2 rounds, first 20 bytes)
        byte[] rfc = AdbBackup.checksum("password".getBytes(), "salt".getBytes(), 2, 1);
        assertThat(HexFormat.of().formatHex(rfc, 0, 20)).isEqualTo("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
    }

    @Test
    void extractedFolderIsReadToo(@TempDir Path dir) throws Exception {
        for (var e : AdbBackupWriter.demoFiles().entrySet()) {
            Path p = dir.resolve("backup").resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        assertThat(new AndroidBackupType().detect(dir.resolve("backup"))).isTrue();
        RunResult r = Runs.run(new AndroidBackupType(), dir.resolve("backup"), new CheckOptions(), TestIocs.android());
        assertThat(Runs.records(r, "sms")).hasSize(4);
    }
}
