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
