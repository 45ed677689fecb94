package dev.vigil.samples.ios.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * A SQLite database written by a fixture builder: created with sqlite-jdbc in a private temp
 * file, filled by the builder, and handed back as bytes (the temp file is deleted).
 */
abstract class SqliteFile {
    private final Path file;
    private final Connection c;
    private byte[] bytes;

    SqliteFile(String... ddl) {
        try {
            file = Files.createTempFile("vigil-fixture-", ".sqlite");
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement st = c.createStatement()) {
                // A scratch file: no fsync, rollback journal in memory (the file format is unchanged).
                st.execute("PRAGMA synchronous=OFF");
                st.execute("PRAGMA journal_mode=MEMORY");
                for (String s : ddl) st.execute(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs an insert and returns the new row id. */
    protected long insert(String sql, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query. */
    protected long queryLong(String sql, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException(sql + ": no row");
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Starts a transaction (bulk fills: one commit instead of one per row); {@link #commit} ends it. */
    public void begin() {
        exec("BEGIN");
    }

    public void commit() {
        exec("COMMIT");
    }

    protected void exec(String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The finished database file. */
    public byte[] bytes() {
        if (bytes != null) return bytes;
        try {
            c.close();
            bytes = Files.readAllBytes(file);
            Files.deleteIfExists(file);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seconds since 2001-01-01 (Cocoa / Core Data). */
    static double cocoa(Instant t) {
        return t.getEpochSecond() - 978_307_200L + t.getNano() / 1e9;
    }

    /** Nanoseconds since 2001-01-01 (sms.db since iOS 11). */
    static long cocoaNanos(Instant t) {
        return (t.getEpochSecond() - 978_307_200L) * 1_000_000_000L + t.getNano();
    }

    /** Microseconds since 1601-01-01 (Chrome). */
    static long webkitMicros(Instant t) {
        return (t.getEpochSecond() + 11_644_473_600L) * 1_000_000L + t.getNano() / 1000;
    }
}
