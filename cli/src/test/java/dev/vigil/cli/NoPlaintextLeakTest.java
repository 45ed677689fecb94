package dev.vigil.cli;

import dev.vigil.samples.android.AdbBackupWriter;
import dev.vigil.samples.ios.DemoPhone;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.artifacts.SmsDb;
import dev.vigil.samples.ios.backup.BackupWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checking an encrypted iOS backup or an encrypted adb backup leaves no decrypted content on
 * disk. The CLI runs in a child JVM whose java.io.tmpdir is a fresh watched folder (the
 * results go to a separate folder). Markers are planted where the raw evidence holds them but
 * no parsed record does: a table no module reads inside sms.db (iOS), a file no module reads
 * and a SQLite image in an app's folder (both). Every file written anywhere under tmpdir and
 * the results is scanned for the markers and for a SQLite header. Then {@code vigil verify}
 * is run on the backup folder and on a zip: unchanged evidence passes, one changed byte is
 * reported.
 */
class NoPlaintextLeakTest {
    static final String IOS_MARKER = "VIGIL-UNUSED-TABLE-MARKER-91c4e2";
    static final String FILE_MARKER = "VIGIL-UNREAD-FILE-MARKER-0b7d13";
    static final String AB_MARKER = "VIGIL-ADB-UNREAD-MARKER-3fa8c0";

    @TempDir
    Path tmp;

    @Test
    void encryptedIosBackupLeavesNoPlaintextOnDisk() throws Exception {
        IosFiles fs = DemoPhone.build();
        fs.put(SmsDb.PATH, withUnusedTable(fs.get(SmsDb.PATH), IOS_MARKER));
        fs.put("private/var/mobile/Library/Notes/unread.txt", FILE_MARKER + " kept only in the backup");
        Path backup = BackupWriter.of(fs).encrypted("pw-ios", 10, 10).write(tmp.resolve("ios").resolve("backup"));
        assertThat(new String(fs.get(SmsDb.PATH), StandardCharsets.ISO_8859_1)).contains(IOS_MARKER);

        Path out = tmp.resolve("out-ios");
        Path watched = runChild("pw-ios", "check-backup", backup, out);
        assertThat(Files.readString(out.resolve("sms.json"))).as("sms.db was decrypted and read").contains("smscentro.com");
        assertNothingWritten(watched, out, IOS_MARKER, FILE_MARKER);

        // verify: the backup folder is unchanged; one changed byte is reported.
        var ok = CliRunner.run("verify", out.toString(), backup.toString());
        assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains(" 0 different");
        Path manifest = backup.resolve("Manifest.db");
        byte[] b = Files.readAllBytes(manifest);
        b[b.length / 2] ^= 1;
        Files.write(manifest, b);
        var changed = CliRunner.run("verify", out.toString(), backup.toString());
        assertThat(changed.status()).isEqualTo(1);
        assertThat(changed.out()).contains("CHANGED  Manifest.db");
    }

    @Test
    void encryptedAdbBackupLeavesNoPlaintextOnDisk() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>(AdbBackupWriter.demoFiles());
        files.put("apps/com.example.notes/f/unread.txt", (AB_MARKER + " kept only in the backup").getBytes(StandardCharsets.UTF_8));
        byte[] fakeDb = new byte[8192];
        System.arraycopy("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 0, fakeDb, 0, 16);
        System.arraycopy(FILE_MARKER.getBytes(StandardCharsets.US_ASCII), 0, fakeDb, 5000, FILE_MARKER.length());
        files.put("apps/com.example.notes/db/notes.db", fakeDb);
        Path ab = Files.createDirectories(tmp.resolve("android")).resolve("backup.ab");
        Files.write(ab, AdbBackupWriter.write(files, AdbBackupWriter.Mode.ENCRYPTED, "pw-android"));
        assertThat(new String(Files.readAllBytes(ab), StandardCharsets.ISO_8859_1)).doesNotContain(AB_MARKER);

        Path out = tmp.resolve("out-android");
        Path watched = runChild("pw-android", "check-android-backup", ab, out);
        assertThat(Files.readString(out.resolve("sms.json"))).as("the SMS backup was decrypted and read").contains("See you at 6");
        assertNothingWritten(watched, out, AB_MARKER, FILE_MARKER);
    }

    @Test
    void verifyOnAZip() throws Exception {
        Path zip = new dev.vigil.samples.android.AndroidSamples.AndroidQf().build(tmp.resolve("qf"));
        Path out = tmp.resolve("out-qf");
        var r = CliRunner.run("check-androidqf", zip.toString(), "-o", out.toString());
        assertThat(r.status()).as(r.err()).isIn(0, 3);
        var ok = CliRunner.run("verify", out.toString(), zip.toString());
        assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains(" 0 different");
        assertThat(ok.out()).contains("read inside " + zip.getFileName());
        byte[] b = Files.readAllBytes(zip);
        b[b.length / 3] ^= 0x20;
        Files.write(zip, b);
        var changed = CliRunner.run("verify", out.toString(), zip.toString());
        assertThat(changed.status()).isEqualTo(1);
        assertThat(changed.out()).contains("CHANGED");
    }

    /** Runs the CLI in a child JVM with java.io.tmpdir a fresh folder; returns that folder. */
    private Path runChild(String password, String command, Path evidence, Path out) throws Exception {
        Path watched = Files.createDirectories(tmp.resolve("watched-" + command));
        Path libdir = Files.createDirectories(tmp.resolve("sqlite-lib-" + command));
        Path none = tmp.resolve("none.stix2");
        Files.writeString(none, "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[]}");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Djava.io.tmpdir=" + watched, "-Dorg.sqlite.tmpdir=" + libdir,
                "-Duser.home=" + tmp.resolve("home-" + command), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                command, evidence.toString(), "-o", out.toString(), "--iocs", none.toString()).redirectErrorStream(true);
        pb.environment().put("VIGIL_BACKUP_PASSWORD", password);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isIn(0, 3);
        return watched;
    }

    private static void assertNothingWritten(Path watched, Path out, String... markers) throws Exception {
        List<Path> written = new ArrayList<>();
        for (Path root : List.of(watched, out)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).forEach(written::add);
            }
        }
        assertThat(written).as("the results were written").isNotEmpty();
        for (Path f : written) {
            byte[] bytes = Files.readAllBytes(f);
            String latin = new String(bytes, StandardCharsets.ISO_8859_1);
            String utf16 = new String(bytes, StandardCharsets.UTF_16LE);
            assertThat(latin).as(f.toString()).doesNotContain("SQLite format 3");
            for (String m : markers) {
                assertThat(latin).as(f + " holds plaintext").doesNotContain(m);
                assertThat(utf16).as(f + " holds plaintext (UTF-16)").doesNotContain(m);
            }
        }
        try (Stream<Path> s = Files.walk(watched)) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("java.io.tmpdir of the check stays empty").isEmpty();
        }
    }

    /** The database with a table that no module reads, holding {@code marker}. */
    private Path scratch;

    private byte[] withUnusedTable(byte[] db, String marker) throws Exception {
        if (scratch == null) scratch = Files.createDirectories(tmp.resolve("scratch"));
        Path f = Files.createTempFile(scratch, "sms", ".db");
        Files.write(f, db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE vigil_unused_notes (id INTEGER PRIMARY KEY, note TEXT)");
            st.execute("INSERT INTO vigil_unused_notes (note) VALUES ('" + marker + "')");
        }
        return Files.readAllBytes(f);
    }
}
