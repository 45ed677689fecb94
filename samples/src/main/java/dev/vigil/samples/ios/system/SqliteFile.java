package dev.vigil.samples.ios.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes a real SQLite database (through sqlite-jdbc, in a private temporary file) and
 * returns its bytes. Rollback-journal mode, so the file is complete without a WAL.
 */
public final class SqliteFile {
    /** Fills a fresh database. */
    @FunctionalInterface
    public interface Filler {
        void fill(Connection c) throws SQLException;
    }

    private SqliteFile() {}

    public static byte[] build(Filler filler) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("vigil-sample-", ".sqlite");
            Files.delete(tmp);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp)) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=DELETE");
                }
                c.setAutoCommit(false);
                filler.fill(c);
                c.commit();
            }
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("sample database: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temp file of a sample
                }
            }
        }
    }

    /** A database and its write-ahead log, as found on a phone that was not shut down cleanly. */
    public record WithWal(byte[] db, byte[] wal) {}

    /**
     * Writes {@code base} and checkpoints it into the database file, then writes {@code inWal}
     * in WAL mode without checkpointing, and returns both files as they are at that moment
     * (rows written by {@code inWal} exist only in the WAL).
     */
    public static WithWal buildWithWal(Filler base, Filler inWal) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vigil-sample-wal-");
            Path db = dir.resolve("db.sqlite");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA wal_autocheckpoint=0");
                }
                c.setAutoCommit(false);
                base.fill(c);
                c.commit();
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                inWal.fill(c);
                c.commit();
                byte[] dbBytes = Files.readAllBytes(db);
                byte[] walBytes = Files.readAllBytes(dir.resolve("db.sqlite-wal"));
                return new WithWal(dbBytes, walBytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("sample database: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) Files.deleteIfExists(p);
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // temp files of a sample
                }
            }
        }
    }

    /** Runs DDL statements separated by ";". */
    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql.split(";")) if (!s.isBlank()) st.execute(s);
        }
    }

    /** Inserts one row with parameters. */
    public static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
            ps.executeUpdate();
        }
    }

    /** Cocoa (2001-01-01) seconds of an instant. */
    public static double cocoa(java.time.Instant t) {
        return t.getEpochSecond() - 978_307_200L + t.getNano() / 1e9;
    }
}
