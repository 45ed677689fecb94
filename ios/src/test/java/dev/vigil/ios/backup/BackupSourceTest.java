package dev.vigil.ios.backup;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.backup.BackupWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupSourceTest {
    static final String PW = "pässwörd-✓";

    @TempDir
    Path tmp;

    static IosFiles phone() {
        IosFiles fs = new IosFiles();
        fs.put("private/var/mobile/Library/SMS/sms.db", "not really sqlite, just bytes 0123456789");
        fs.put("private/var/mobile/Library/Preferences/com.apple.Preferences.plist", new byte[0]);
        fs.put("private/var/mobile/Containers/Data/Application/com.example.app/Documents/a.txt", "A".repeat(4096));
        fs.put("private/var/mobile/Containers/Shared/AppGroup/group.com.example/x.json", "{\"k\":1}");
        fs.put("private/var/wireless/Library/Databases/DataUsage.sqlite", "usage");
        fs.put("private/var/containers/Shared/SystemGroup/systemgroup.com.apple.configurationprofiles/Library/ConfigurationProfiles/MCProfileEvents.plist", "ev");
        fs.put("System/Library/CoreServices/SystemVersion.plist", "not backed up");
        fs.put("private/var/mobile/Media/DCIM/100APPLE/IMG_0001.JPG", new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}, Instant.parse("2023-01-01T00:00:00Z"));
        return fs;
    }

    static CheckOptions pw(String p) {
        return new CheckOptions().password(() -> p == null ? null : p.toCharArray());
    }

    private void assertContent(BackupSource s, IosFiles fs) throws Exception {
        int n = 0;
        for (var e : fs.entries().values()) {
            if (e.path().startsWith("System/")) continue;
            EvidenceFile f = s.findOne(e.path());
            assertThat(f).as(e.path()).isNotNull();
            assertThat(f.size()).isEqualTo(e.data().length);
            assertThat(f.modified()).isEqualTo(e.modified());
            assertThat(s.readAll(f, 1 << 20)).as(e.path()).isEqualTo(e.data());
            n++;
        }
        assertThat(n).isEqualTo(7);
    }

    @Test
    void plainBackupExposesLogicalPaths() throws Exception {
        IosFiles fs = phone();
        BackupWriter w = BackupWriter.of(fs);
        Path dir = w.write(tmp.resolve("b"));
        assertThat(w.skipped()).containsExactly("System/Library/CoreServices/SystemVersion.plist");
        try (BackupSource s = BackupSource.open(dir, pw(null))) {
            assertThat(s.encrypted()).isFalse();
            assertThat(s.decrypted()).isFalse();
            assertContent(s, fs);
            List<EvidenceFile> all = new java.util.ArrayList<>();
            s.walk(all::add);
            assertThat(all).hasSize(7 + 4); // 7 files + Info, Manifest.plist, Status, Manifest.db
            assertThat(all.stream().map(EvidenceFile::path)).contains(BackupSource.INFO, BackupSource.MANIFEST_DB,
                    BackupSource.STATUS, BackupSource.MANIFEST_PLIST);
            EvidenceFile sms = s.findOne("private/var/mobile/Library/SMS/sms.db");
            assertThat(sms.attributes()).containsEntry("domain", "HomeDomain").containsEntry("relativePath", "Library/SMS/sms.db")
                    .containsEntry("fileID", BackupWriter.fileId("HomeDomain", "Library/SMS/sms.db"))
                    .containsEntry("flags", 1).containsEntry("mode", 0100644).containsEntry("mtime", "2023-06-01T10:00:00Z");
            assertThat(s.find("private/var/mobile/Containers/Data/Application/*/Documents/*.txt")).hasSize(1);
            assertThat(s.find("**/IMG_*.JPG").get(0).attributes()).containsEntry("domain", "CameraRollDomain");
            // Rows: 7 files + 17 folders (domain roots included) = 24; the roots of HomeDomain and
            // CameraRollDomain are the same folder on the phone, so 23 logical paths.
            assertThat(s.rows().stream().filter(r -> r.flags() == 1)).hasSize(7);
            assertThat(s.rowCount()).isEqualTo(23);
            assertThat(s.custody().has(sms.attributes().get("fileID").toString().substring(0, 2) + "/" + sms.attributes().get("fileID"))).isTrue();
        }
    }

    @Test
    void aLargePlainManifestIsReadFromAPrivateCopyThatIsDeletedAndTheBackupIsUnchanged() throws Exception {
        IosFiles fs = phone();
        Path dir = BackupWriter.of(fs).write(tmp.resolve("big"));
        // An extra table makes Manifest.db larger than the in-memory threshold (some tools add tables)
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("Manifest.db"));
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE filler (b BLOB)");
            st.execute("INSERT INTO filler VALUES (zeroblob(" + (dev.vigil.core.evidence.Sqlite.COPY_ABOVE + (1 << 20)) + "))");
        }
        assertThat(java.nio.file.Files.size(dir.resolve("Manifest.db"))).isGreaterThan(dev.vigil.core.evidence.Sqlite.COPY_ABOVE);
        byte[] before = java.nio.file.Files.readAllBytes(dir.resolve("Manifest.db"));
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.function.Supplier<List<String>> copies = () -> {
            try (var l = java.nio.file.Files.list(temp)) {
                return l.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("vigil-sqlite-")).sorted().toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        List<String> earlier = copies.get();
        try (BackupSource s = BackupSource.open(dir, pw(null))) {
            assertContent(s, fs);
            assertThat(s.rowCount()).isEqualTo(23);
            assertThat(s.findOne(BackupSource.MANIFEST_DB).size()).isEqualTo(before.length);
        }
        assertThat(copies.get()).as("the private copy is deleted once the rows are read").isEqualTo(earlier);
        assertThat(java.nio.file.Files.readAllBytes(dir.resolve("Manifest.db"))).isEqualTo(before);
        try (var l = java.nio.file.Files.list(dir)) {
            assertThat(l.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("Manifest.db"))).containsExactly("Manifest.db");
        }
    }

    @Test
    void encryptedBackupDecryptsInMemory() throws Exception {
        IosFiles fs = phone();
        Path dir = BackupWriter.of(fs).encrypted(PW, 100, 10).write(tmp.resolve("e"));
        // The stored bytes are not the plaintext.
        String id = BackupWriter.fileId("HomeDomain", "Library/SMS/sms.db");
        assertThat(Files.readAllBytes(dir.resolve(id.substring(0, 2)).resolve(id))).isNotEqualTo(fs.get("private/var/mobile/Library/SMS/sms.db"));
        assertThat(new String(Files.readAllBytes(dir.resolve("Manifest.db")), 0, 6, StandardCharsets.ISO_8859_1)).isNotEqualTo("SQLite");
        try (BackupSource s = BackupSource.open(dir, pw(PW))) {
            assertThat(s.encrypted()).isTrue();
            assertThat(s.decrypted()).isTrue();
            assertContent(s, fs);
            EvidenceFile db = s.findOne(BackupSource.MANIFEST_DB);
            try (Sqlite sq = Sqlite.open(s, db)) {
                assertThat(sq.hasTable("Files")).isTrue();
            }
        }
    }

    @Test
    void wrongPasswordIsOneClearMessage() throws Exception {
        Path dir = BackupWriter.of(phone()).encrypted(PW, 100, 10).write(tmp.resolve("e"));
        assertThatThrownBy(() -> BackupSource.open(dir, pw("wrong"))).isInstanceOf(EvidenceException.class)
                .hasMessage("wrong backup password for " + dir);
        assertThatThrownBy(() -> BackupSource.open(dir, pw(null))).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("is an encrypted backup: give its password");
    }

    @Test
    void keyFileSkipsDerivation() throws Exception {
        IosFiles fs = phone();
        Path dir = BackupWriter.of(fs).encrypted(PW, 100, 10).write(tmp.resolve("e"));
        byte[] key = BackupSource.extractKey(dir, PW.toCharArray());
        Path kf = tmp.resolve("key.txt");
        Files.writeString(kf, HexFormat.of().formatHex(key) + "\n");
        CheckOptions opts = new CheckOptions().file(BackupEvidenceType.KEY_FILE, kf)
                .password(() -> { throw new AssertionError("password must not be asked"); });
        try (BackupSource s = BackupSource.open(dir, opts)) {
            assertContent(s, fs);
        }
        Files.writeString(kf, "00".repeat(32));
        assertThatThrownBy(() -> BackupSource.open(dir, opts)).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("the key file does not open the backup");
        assertThatThrownBy(() -> BackupSource.extractKey(dir, "nope".toCharArray())).hasMessage("wrong backup password for " + dir);
    }

    @Test
    void missingManifestOrStatusPlistIsAccepted() throws Exception {
        IosFiles fs = phone();
        Path a = BackupWriter.of(fs).withoutManifestPlist().write(tmp.resolve("a"));
        Path b = BackupWriter.of(fs).withoutStatusPlist().write(tmp.resolve("b"));
        assertThat(a.resolve("Manifest.plist")).doesNotExist();
        assertThat(b.resolve("Status.plist")).doesNotExist();
        try (BackupSource s = BackupSource.open(a, pw(null))) {
            assertContent(s, fs);
            assertThat(s.findOne(BackupSource.MANIFEST_PLIST)).isNull();
        }
        try (BackupSource s = BackupSource.open(b, pw(null))) {
            assertContent(s, fs);
            assertThat(s.findOne(BackupSource.STATUS)).isNull();
        }
        assertThat(new BackupEvidenceType().detect(a)).isTrue();
    }

    @Test
    void zipOfBackupIsReadInPlace() throws Exception {
        IosFiles fs = phone();
        Path zip = BackupWriter.of(fs).encrypted(PW, 100, 10).writeZip(tmp.resolve("backup.zip"), "00008110-000A1C2E3F4D5E6F");
        assertThat(new BackupEvidenceType().detect(zip)).isTrue();
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).containsExactly(zip);
        }
        try (BackupSource s = BackupSource.open(zip, pw(PW))) {
            assertContent(s, fs);
            assertThat(s.custody().entries()).hasSize(1);
            assertThat(s.custody().entries().get(0).path()).isEqualTo("backup.zip");
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).containsExactly(zip); // nothing extracted
        }
    }

    @Test
    void zipWithUnsafeNamesIgnoresThem() throws Exception {
        Path zip = tmp.resolve("evil.zip");
        Map<String, byte[]> backup = BackupWriter.of(phone()).build();
        try (var z = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            for (var e : backup.entrySet()) put(z, e.getKey(), e.getValue());
            put(z, "../../etc/evil", new byte[] {1});
            put(z, "/abs/evil", new byte[] {1});
        }
        try (BackupSource s = BackupSource.open(zip, pw(null))) {
            assertThat(s.warnings()).anyMatch(w -> w.contains("2 zip entries with unsafe names"));
            assertThat(s.find("**")).hasSize(7 + 4);
        }
    }

    private static void put(org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream z, String name, byte[] b) throws Exception {
        z.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(name));
        z.write(b);
        z.closeArchiveEntry();
    }

    @Test
    void otherEvidenceIsNamed() throws Exception {
        Path old = Files.createDirectories(tmp.resolve("old"));
        Files.write(old.resolve("Manifest.mbdb"), new byte[] {'m', 'b', 'd', 'b'});
        Files.write(old.resolve("Info.plist"), new byte[0]);
        assertThatThrownBy(() -> BackupSource.open(old, pw(null))).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("backups from before iOS 10 are not supported");
        Path fsdump = Files.createDirectories(tmp.resolve("dump/private/var/mobile/Library")).getParent().getParent().getParent().getParent();
        assertThatThrownBy(() -> BackupSource.open(fsdump, pw(null))).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("filesystem dump").hasMessageContaining("vigil check-fs");
        assertThat(new BackupEvidenceType().detect(fsdump)).isFalse();
        Path parent = tmp.resolve("Backup");
        BackupWriter.of(phone()).write(parent.resolve("00008110-AAAA"));
        assertThatThrownBy(() -> BackupSource.open(parent, pw(null))).hasMessageContaining("holds 1 backup in sub-folders; check one of them: 00008110-AAAA");
        Path txt = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> BackupSource.open(txt, pw(null))).hasMessageContaining("is not an iOS backup");
    }

    @Test
    void corruptManifestDbIsClear() throws Exception {
        Path dir = BackupWriter.of(phone()).write(tmp.resolve("c"));
        byte[] db = Files.readAllBytes(dir.resolve("Manifest.db"));
        Files.write(dir.resolve("Manifest.db"), java.util.Arrays.copyOf(db, 200));
        assertThatThrownBy(() -> BackupSource.open(dir, pw(null))).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("Manifest.db");
    }

    @Test
    void missingStoredFileIsAnIoErrorForThatFileOnly() throws Exception {
        IosFiles fs = phone();
        Path dir = BackupWriter.of(fs).write(tmp.resolve("m"));
        String id = BackupWriter.fileId("HomeDomain", "Library/SMS/sms.db");
        Files.delete(dir.resolve(id.substring(0, 2)).resolve(id));
        try (BackupSource s = BackupSource.open(dir, pw(null))) {
            EvidenceFile f = s.findOne("private/var/mobile/Library/SMS/sms.db");
            assertThatThrownBy(() -> { try (InputStream in = s.open(f)) { in.readAllBytes(); } })
                    .hasMessageContaining("its file " + id.substring(0, 2) + "/" + id + " is missing");
            assertThat(s.readAll(s.findOne("private/var/wireless/Library/Databases/DataUsage.sqlite"), 100)).isEqualTo("usage".getBytes());
        }
    }

    @Test
    void plainManifestWithEncryptedFilesAsIniOS10_0() throws Exception {
        // iOS 10.0/10.1 encrypted backups kept Manifest.db in the clear but encrypted each file.
        IosFiles fs = phone();
        Path dir = BackupWriter.of(fs).encrypted(PW, 100, 10).write(tmp.resolve("e"));
        byte[] plainDb;
        try (BackupSource s = BackupSource.open(dir, pw(PW))) {
            plainDb = s.readAll(s.findOne(BackupSource.MANIFEST_DB), 1 << 24);
        }
        Files.write(dir.resolve("Manifest.db"), plainDb);
        int[] asked = {0};
        CheckOptions opts = new CheckOptions().password(() -> {
            asked[0]++;
            return PW.toCharArray();
        });
        try (BackupSource s = BackupSource.open(dir, opts)) {
            assertThat(asked[0]).isZero(); // asked only when a file needs it
            assertThat(s.decrypted()).isTrue();
            assertContent(s, fs);
            assertThat(asked[0]).isEqualTo(1);
        }
    }

    @Test
    void zipBombEntryIsRefused() throws Exception {
        IosFiles fs = new IosFiles().put("private/var/mobile/Library/big.bin", new byte[64 << 20]);
        Path zip = BackupWriter.of(fs).writeZip(tmp.resolve("bomb.zip"), "");
        assertThat(Files.size(zip)).isLessThan(1 << 20);
        try (BackupSource s = BackupSource.open(zip, pw(null))) {
            EvidenceFile f = s.findOne("private/var/mobile/Library/big.bin");
            assertThatThrownBy(() -> { try (InputStream in = s.open(f)) { in.readAllBytes(); } })
                    .hasMessageContaining("refusing a likely zip bomb");
        }
    }
}
