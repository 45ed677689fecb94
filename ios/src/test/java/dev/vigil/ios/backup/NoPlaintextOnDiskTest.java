package dev.vigil.ios.backup;

import dev.vigil.core.evidence.Custody;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.backup.BackupArtifacts;
import dev.vigil.samples.ios.backup.BackupWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checking an encrypted backup writes no decrypted byte to disk: the check runs in a child
 * JVM whose java.io.tmpdir is a fresh folder that must stay empty (SQLite's own native
 * library is extracted elsewhere, with org.sqlite.tmpdir), the backup is unchanged, and no
 * written file holds a SQLite image or the raw content of a file no module reads.
 */
class NoPlaintextOnDiskTest {
    static final String MARKER = "VIGIL-PLAINTEXT-MARKER-7f3a";

    @TempDir
    Path tmp;

    @Test
    void encryptedCheckLeavesNoPlaintext() throws Exception {
        IosFiles fs = BackupArtifacts.plantDemo(new IosFiles());
        byte[] fakeDb = new byte[8192];
        System.arraycopy("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 0, fakeDb, 0, 16);
        System.arraycopy(MARKER.getBytes(StandardCharsets.US_ASCII), 0, fakeDb, 4000, MARKER.length());
        fs.put("private/var/mobile/Library/Unread/secret.db", fakeDb);
        fs.put("private/var/mobile/Library/Unread/notes.txt", MARKER + " in a text file");
        Path backup = BackupWriter.of(fs).encrypted("pw", 10, 10).write(tmp.resolve("backup"));
        Map<String, String> before = hashes(backup);
        Path tmpdir = Files.createDirectories(tmp.resolve("javatmp"));
        Path libdir = Files.createDirectories(tmp.resolve("sqlitelib"));
        Path out = tmp.resolve("results");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmpdir, "-Dorg.sqlite.tmpdir=" + libdir,
                "-cp", System.getProperty("java.class.path"), NoDiskCheckMain.class.getName(), backup.toString(), out.toString(), "pw")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("modules=");
        try (Stream<Path> s = Files.list(tmpdir)) {
            assertThat(s.toList()).as("java.io.tmpdir of the check").isEmpty();
        }
        assertThat(hashes(backup)).isEqualTo(before);
        List<Path> written = new ArrayList<>();
        try (Stream<Path> s = Files.walk(out)) {
            s.filter(Files::isRegularFile).forEach(written::add);
        }
        assertThat(written).isNotEmpty();
        for (Path f : written) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(content).as(f.toString()).doesNotContain("SQLite format 3").doesNotContain(MARKER);
        }
    }

    static Map<String, String> hashes(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        Custody c = new Custody();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) m.put(dir.relativize(p).toString(), c.hashFile(p, p.toString()).sha256());
        }
        return m;
    }
}
