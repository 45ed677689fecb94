package dev.vigil.core.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteTest {
    @TempDir
    Path tmp;

    /** Writes a WAL-mode database whose last rows are only in the -wal file, and copies both. */
    private Path walDatabase(int committedInMain, int onlyInWal) throws Exception {
        return walDatabase(committedInMain, onlyInWal, 0, "evidence");
    }

    /** The same, with a blob of {@code filler} bytes in the main file (0: none). */
    private Path walDatabase(int committedInMain, int onlyInWal, long filler, String name) throws Exception {
        Path live = tmp.resolve(name + "-live");
        Files.createDirectories(live);
        Path evidence = tmp.resolve(name);
        Files.createDirectories(evidence);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live.resolve("t.db"))) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA wal_autocheckpoint=0");
                st.execute("CREATE TABLE message (id INTEGER PRIMARY KEY, text TEXT)");
                if (filler > 0) {
                    st.execute("CREATE TABLE filler (b BLOB)");
                    st.execute("INSERT INTO filler VALUES (zeroblob(" + filler + "))"); // zeroblob pages fill the file quickly
                }
                for (int i = 0; i < committedInMain; i++) st.execute("INSERT INTO message(text) VALUES ('main " + i + "')");
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                for (int i = 0; i < onlyInWal; i++) st.execute("INSERT INTO message(text) VALUES ('wal " + i + "')");
            }
            // Copy while the writer is still open, as on a seized phone: the WAL is not checkpointed.
            Files.copy(live.resolve("t.db"), evidence.resolve("t.db"));
            Files.copy(live.resolve("t.db-wal"), evidence.resolve("t.db-wal"));
        }
        return evidence;
    }

    @Test
    void readsRowsThatAreOnlyInTheWal() throws Exception {
        Path dir = walDatabase(3, 4);
        assertThat(Files.size(dir.resolve("t.db-wal"))).isGreaterThan(0);
        try (DirectorySource src = new DirectorySource(dir, "test");
             Sqlite db = Sqlite.open(src, src.findOne("t.db"))) {
            List<String> rows = new ArrayList<>();
            db.query("SELECT text FROM message ORDER BY id", rs -> rows.add(rs.getString(1)));
            assertThat(rows).containsExactly("main 0", "main 1", "main 2", "wal 0", "wal 1", "wal 2", "wal 3");
            assertThat(db.hasTable("message")).isTrue();
            assertThat(db.hasTable("nope")).isFalse();
            assertThat(db.columns("message")).containsExactly("id", "text");
            assertThat(src.custody().entries()).extracting(Custody.Entry::path).containsExactly("t.db", "t.db-wal");
        }
    }

    @Test
    void aLargeDatabaseIsReadFromAPrivateCopyWithItsWalRowsAndTheEvidenceUntouched() throws Exception {
        Path evidence = walDatabase(1, 1, Sqlite.COPY_ABOVE + (1 << 20), "big");
        assertThat(Files.size(evidence.resolve("t.db"))).isGreaterThan(Sqlite.COPY_ABOVE);
        String before = hashTree(evidence);
        try (DirectorySource src = new DirectorySource(evidence, "test");
             Sqlite db = Sqlite.open(src, src.findOne("t.db"))) {
            List<String> rows = new ArrayList<>();
            db.query("SELECT text FROM message ORDER BY id", rs -> rows.add(rs.getString(1)));
            assertThat(rows).containsExactly("main 0", "wal 0");
            assertThatThrownBy(() -> db.query("DELETE FROM message", rs -> {})).isInstanceOf(SQLException.class);
            assertThat(src.custody().entries()).extracting(Custody.Entry::path).containsExactly("t.db", "t.db-wal");
        }
        assertThat(hashTree(evidence)).isEqualTo(before);
        try (var s = Files.list(evidence)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("t.db", "t.db-wal");
        }
    }

    @Test
    void neverChangesTheEvidenceAndIsQueryOnly() throws Exception {
        Path dir = walDatabase(2, 2);
        String before = hashTree(dir);
        long mtime = Files.getLastModifiedTime(dir.resolve("t.db")).toMillis();
        try (DirectorySource src = new DirectorySource(dir, "test");
             Sqlite db = Sqlite.open(src, src.findOne("t.db"))) {
            assertThatThrownBy(() -> db.query("DELETE FROM message", rs -> {})).isInstanceOf(SQLException.class);
        }
        assertThat(hashTree(dir)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(dir.resolve("t.db")).toMillis()).isEqualTo(mtime);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("t.db", "t.db-wal");
        }
    }

    @Test
    void walWithBadChecksumIsIgnoredAfterTheBadFrame() throws Exception {
        Path dir = walDatabase(1, 3);
        byte[] wal = Files.readAllBytes(dir.resolve("t.db-wal"));
        wal[wal.length - 10] ^= 0x55; // corrupt the last frame's page
        Files.write(dir.resolve("t.db-wal"), wal);
        try (DirectorySource src = new DirectorySource(dir, "test");
             Sqlite db = Sqlite.open(src, src.findOne("t.db"))) {
            List<String> rows = new ArrayList<>();
            db.query("SELECT text FROM message ORDER BY id", rs -> rows.add(rs.getString(1)));
            // Each insert is its own transaction: the corrupt last commit is dropped, earlier ones kept.
            assertThat(rows).containsExactly("main 0", "wal 0", "wal 1");
        }
    }

    @Test
    void corruptHeaderIsAClearError() throws Exception {
        byte[] junk = "this is not a database at all, not even close....................................................".getBytes();
        assertThatThrownBy(() -> Sqlite.fromBytes(junk, null, "junk.db"))
                .hasMessageContaining("junk.db").hasMessageContaining("not a SQLite database");
    }

    @Test
    void truncatedDatabaseFailsWithItsName() throws Exception {
        Path dir = walDatabase(50, 0);
        byte[] db = Files.readAllBytes(dir.resolve("t.db"));
        byte[] cut = java.util.Arrays.copyOf(db, 1024 + 100);
        assertThatThrownBy(() -> {
            try (Sqlite s = Sqlite.fromBytes(cut, null, "cut.db")) {
                s.query("SELECT * FROM message", rs -> {});
            }
        }).isInstanceOf(SQLException.class).hasMessageStartingWith("cut.db: ");
    }

    private static String hashTree(Path dir) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                md.update(p.getFileName().toString().getBytes());
                md.update(Files.readAllBytes(p));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
