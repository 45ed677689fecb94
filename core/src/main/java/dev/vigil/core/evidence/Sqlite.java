package dev.vigil.core.evidence;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A SQLite database from evidence, opened so that the evidence can never change and WAL rows
 * are not missed. The database and its {@code -wal} are read through the evidence source
 * (hashed), the committed WAL frames are applied in memory, and the result is handed to
 * SQLite's deserialize interface: nothing is written anywhere, which is also how decrypted
 * databases stay off the disk. Only plaintext databases larger than
 * {@link #MAX_IN_MEMORY} are copied (with their WAL) to a private temporary folder, deleted
 * on close. Connections are query-only and do not trust the schema (no functions from
 * views or triggers).
 */
public final class Sqlite implements AutoCloseable {
    /**
     * Databases of a source that is not decrypted are opened in memory up to this size (faster:
     * nothing is written); larger ones from a private temporary copy, rather than held twice in
     * memory (on the heap and in SQLite). Decrypted databases are
     * always opened in memory: decrypted data never touches the disk.
     */
    public static final long COPY_ABOVE = 24L << 20;

    /** Decrypted databases up to this size can be opened (in memory). */
    public static final long MAX_IN_MEMORY = 768L << 20;

    private final Connection connection;
    private final String name;
    private final Path tempDir;

    private Sqlite(Connection connection, String name, Path tempDir) {
        this.connection = connection;
        this.name = name;
        this.tempDir = tempDir;
    }

    /**
     * Loads SQLite's native library on a background thread (sqlite-jdbc extracts and loads it
     * on first use, a few hundred milliseconds), so that the first database a check opens does
     * not wait for it. Harmless to call more than once.
     */
    public static void preload() {
        Thread t = new Thread(() -> {
            try {
                SqliteNative.load();
            } catch (Exception | LinkageError e) {
                // the first real open reports the problem
            }
        }, "vigil-sqlite-preload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Keeps SQLite's native library in {@code dir} between runs instead of letting sqlite-jdbc
     * extract and compare it on every start (about 0.13 s of CPU). For front ends that run once
     * per command; call before the first database is opened.
     */
    public static void keepNativeLibraryIn(Path dir) {
        SqliteNative.keepIn(dir);
    }

    /** The native library, loaded before a connection is made (waits for {@link #preload} when it is at work). */
    private static void loadNative() throws SQLException {
        try {
            SqliteNative.load();
        } catch (Exception e) {
            throw new SQLException("SQLite's native library cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** Opens a database file of the source, with its {@code -wal} companion when present. */
    public static Sqlite open(EvidenceSource source, EvidenceFile file) throws IOException, SQLException {
        EvidenceFile wal = source.findOne(file.path() + "-wal");
        if (!source.decrypted() && file.size() > COPY_ABOVE) return openViaTempCopy(source, file, wal);
        long heap = Runtime.getRuntime().maxMemory();
        if (file.size() > 0 && heap != Long.MAX_VALUE && file.size() + (file.size() >> 2) > heap) {
            // Decrypted data may only be held in memory: say what is needed rather than run out of it.
            throw new IOException(file.path() + " is " + (file.size() >> 20) + " MiB; decrypted databases are opened in memory only, "
                    + "which needs more than the " + (heap >> 20) + " MiB Vigil may use: with the vigil launcher, run again with e.g. VIGIL_HEAP="
                    + Math.max(2, (file.size() * 3 >> 30) + 1) + "g");
        }
        byte[] db = source.readAll(file, Limits.MAX_IN_MEMORY);
        byte[] walBytes = wal == null || wal.size() == 0 ? null : source.readAll(wal, Limits.MAX_IN_MEMORY);
        return fromImage(db, walBytes, file.path(), true);
    }

    /** Opens a database held in memory, applying the committed frames of a WAL when given. */
    public static Sqlite fromBytes(byte[] db, byte[] wal, String name) throws SQLException, IOException {
        return fromImage(db, wal, name, false);
    }

    /**
     * {@link #fromBytes} for a caller that hands its array over: it is changed (two header
     * bytes) instead of copied, which spares a second copy of a big database.
     */
    public static Sqlite fromOwnedBytes(byte[] db, byte[] wal, String name) throws SQLException, IOException {
        return fromImage(db, wal, name, true);
    }

    /** {@link #fromBytes}; when {@code owned}, {@code db} is a private copy that may be changed (no second copy of a big database). */
    private static Sqlite fromImage(byte[] db, byte[] wal, String name, boolean owned) throws SQLException, IOException {
        if (db.length < 100 || !new String(db, 0, 15, java.nio.charset.StandardCharsets.ISO_8859_1).equals("SQLite format 3")) {
            throw new IOException(name + " is not a SQLite database (bad header)");
        }
        byte[] image = wal == null ? (owned ? db : db.clone()) : applyWal(db, wal);
        // Mark the image as a rollback-journal database: a deserialized database has no WAL.
        image[18] = 1;
        image[19] = 1;
        loadNative();
        Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        try {
            ((SQLiteConnection) c).deserialize("main", image);
            harden(c);
            // Touch the schema now so a corrupt file fails here, with its name.
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rs.next();
            }
        } catch (SQLException e) {
            c.close();
            throw new SQLException(name + ": " + e.getMessage(), e);
        }
        return new Sqlite(c, name, null);
    }

    private static Sqlite openViaTempCopy(EvidenceSource source, EvidenceFile file, EvidenceFile wal) throws IOException, SQLException {
        try (InputStream in = source.open(file); InputStream w = wal == null ? null : source.open(wal)) {
            return fromPrivateCopy(in, w, file.path());
        }
    }

    /**
     * Opens a database that is not decrypted data from a private copy: {@code db} (and the
     * {@code wal} stream, if any) are copied into a fresh temporary folder only this user can
     * read, and the copy is opened read-only; the folder is deleted on close. For large plain
     * databases, where holding the file twice in memory (heap and SQLite) would cost more.
     * Never for decrypted data, which must not touch the disk.
     */
    public static Sqlite fromPrivateCopy(InputStream dbStream, InputStream walStream, String name) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("vigil-sqlite-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path db = dir.resolve("db.sqlite");
            Files.copy(dbStream, db, StandardCopyOption.REPLACE_EXISTING);
            byte[] head = new byte[16];
            try (InputStream in = Files.newInputStream(db)) {
                if (in.readNBytes(head, 0, 16) < 16 || !new String(head, 0, 15, java.nio.charset.StandardCharsets.ISO_8859_1).equals("SQLite format 3")) {
                    throw new IOException(name + " is not a SQLite database (bad header)");
                }
            }
            if (walStream != null) Files.copy(walStream, dir.resolve("db.sqlite-wal"));
            loadNative();
            SQLiteConfig cfg = new SQLiteConfig();
            Connection c = cfg.createConnection("jdbc:sqlite:" + db);
            harden(c);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(PASSIVE)"); // on the private copy only
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rs.next(); // a corrupt file fails here, with its name
            } catch (SQLException e) {
                c.close();
                throw new SQLException(name + ": " + e.getMessage(), e);
            }
            return new Sqlite(c, name, dir);
        } catch (IOException | SQLException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    private static void harden(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA trusted_schema=OFF");
            // Sorts and temporary b-trees stay in memory: decrypted rows never spill to temp files.
            st.execute("PRAGMA temp_store=MEMORY");
            st.execute("PRAGMA query_only=ON");
        }
    }

    /**
     * Applies the WAL frames up to the last valid commit: frames must carry the header's salts
     * and a correct cumulative checksum, as SQLite itself requires on recovery.
     */
    static byte[] applyWal(byte[] db, byte[] wal) throws IOException {
        if (wal.length < 32) return db.clone();
        ByteBuffer h = ByteBuffer.wrap(wal).order(ByteOrder.BIG_ENDIAN);
        int magic = h.getInt(0);
        if (magic != 0x377f0682 && magic != 0x377f0683) return db.clone(); // not a WAL: ignore
        boolean bigEndianSums = (magic & 1) == 1;
        int pageSize = h.getInt(8);
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) return db.clone();
        int salt1 = h.getInt(16), salt2 = h.getInt(20);
        int[] sum = checksum(wal, 0, 24, 0, 0, bigEndianSums);
        if (sum[0] != h.getInt(24) || sum[1] != h.getInt(28)) return db.clone();
        int frameSize = 24 + pageSize;
        byte[] image = db.clone();
        long committedPages = -1;
        java.util.Map<Integer, Integer> pending = new java.util.LinkedHashMap<>();
        java.util.Map<Integer, Integer> committed = new java.util.HashMap<>();
        for (int off = 32; off + frameSize <= wal.length; off += frameSize) {
            int pgno = h.getInt(off);
            int commitSize = h.getInt(off + 4);
            if (h.getInt(off + 8) != salt1 || h.getInt(off + 12) != salt2 || pgno <= 0) break;
            sum = checksum(wal, off, 8, sum[0], sum[1], bigEndianSums);
            sum = checksum(wal, off + 24, pageSize, sum[0], sum[1], bigEndianSums);
            if (sum[0] != h.getInt(off + 16) || sum[1] != h.getInt(off + 20)) break;
            pending.put(pgno, off + 24);
            if (commitSize != 0) {
                committed.putAll(pending);
                pending.clear();
                committedPages = Integer.toUnsignedLong(commitSize);
            }
        }
        if (committedPages < 0) return image;
        long newLen = committedPages * pageSize;
        if (newLen > Limits.MAX_IN_MEMORY) throw new IOException("WAL claims a database of " + newLen + " bytes");
        image = Arrays.copyOf(image, (int) newLen);
        for (var e : committed.entrySet()) {
            long pos = (long) (e.getKey() - 1) * pageSize;
            if (pos + pageSize <= image.length) System.arraycopy(wal, e.getValue(), image, (int) pos, pageSize);
        }
        return image;
    }

    private static int[] checksum(byte[] b, int off, int len, int s0, int s1, boolean bigEndian) {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int i = off; i + 8 <= off + len; i += 8) {
            s0 += bb.getInt(i) + s1;
            s1 += bb.getInt(i + 4) + s0;
        }
        return new int[] {s0, s1};
    }

    public Connection connection() {
        return connection;
    }

    public String name() {
        return name;
    }

    /** True when a real table (not a view) of that name exists. */
    public boolean hasTable(String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type='table' AND name=? COLLATE NOCASE")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Column names of a table, lower case, in order. */
    public Set<String> columns(String table) throws SQLException {
        Set<String> cols = new LinkedHashSet<>();
        if (!table.matches("[A-Za-z0-9_]+")) throw new SQLException("bad table name " + table);
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(\"" + table + "\")")) {
            while (rs.next()) cols.add(rs.getString("name").toLowerCase(Locale.ROOT));
        }
        return cols;
    }

    /** Runs a query and hands each row to the consumer. */
    public void query(String sql, RowHandler handler) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) handler.row(rs);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(name + ":")) throw e;
            throw new SQLException(name + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    @FunctionalInterface
    public interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing an in-memory connection cannot lose evidence
        }
        if (tempDir != null) deleteTree(tempDir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort on a private temp copy
        }
    }
}
