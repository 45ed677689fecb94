package dev.vigil.cli.ios;

import dev.vigil.cli.Main;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.backup.BackupWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BackupCommandsTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(System.out, true));
            cl.setErr(new PrintWriter(System.err, true));
            return new Result(cl.execute(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void extractKeyThenDecryptWithTheKey() throws Exception {
        IosFiles fs = new IosFiles().put("private/var/mobile/Library/SMS/sms.db", "hello sms").put("private/var/wireless/a", "w");
        Path backup = BackupWriter.of(fs).encrypted("pässword", 20, 10).write(tmp.resolve("backup"));
        Path pw = Files.writeString(tmp.resolve("pw"), "pässword\n");
        Result key = run("extract-key", backup.toString(), "--password-file", pw.toString());
        assertThat(key.status()).as(key.err()).isZero();
        assertThat(key.out().strip()).matches("[0-9a-f]{64}");
        Path keyFile = Files.writeString(tmp.resolve("key"), key.out());

        Result wrong = run("extract-key", backup.toString(), "--password-file", Files.writeString(tmp.resolve("bad"), "nope").toString());
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).contains("vigil: wrong backup password for " + backup).doesNotContain("Exception").doesNotContain("\tat ");

        Path out = tmp.resolve("decrypted");
        Result dec = run("decrypt-backup", backup.toString(), "--output", out.toString(), "--key-file", keyFile.toString());
        assertThat(dec.status()).as(dec.err()).isZero();
        assertThat(dec.err()).contains("Decrypted 2 files");
        String id = BackupWriter.fileId("HomeDomain", "Library/SMS/sms.db");
        assertThat(Files.readString(out.resolve(id.substring(0, 2)).resolve(id))).isEqualTo("hello sms");
        assertThat(new String(Files.readAllBytes(out.resolve("Manifest.db")), 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");

        Result again = run("decrypt-backup", backup.toString(), "-o", out.toString(), "--password-file", pw.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("is not empty");
        Result inside = run("decrypt-backup", backup.toString(), "-o", backup.resolve("x").toString(), "--password-file", pw.toString());
        assertThat(inside.err()).contains("inside the backup");
        Result plain = run("decrypt-backup", out.toString(), "-o", tmp.resolve("again").toString(), "--password-file", pw.toString());
        assertThat(plain.status()).isEqualTo(2);
        assertThat(plain.err()).contains("is not encrypted");
    }
}
