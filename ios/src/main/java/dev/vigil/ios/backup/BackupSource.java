package dev.vigil.ios.backup;

import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import dev.vigil.core.evidence.Custody;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.Glob;
import dev.vigil.core.evidence.Limits;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An iTunes/Finder/idevicebackup2 backup of an iPhone (iOS 10 and later), plain or
 * encrypted, in a folder or in a zip read in place. Files are named by the logical path they
 * had on the phone (see {@link BackupDomains}): Manifest.db's {@code Files} table maps each
 * (domain, relativePath) to the stored file {@code <first two hex digits>/<fileID>}.
 *
 * <p>The backup's own files are exposed under stable pseudo paths so that modules can read
 * them like any other file: {@code backup/Info.plist}, {@code backup/Manifest.plist},
 * {@code backup/Status.plist} and {@code backup/Manifest.db} (decrypted, in memory, for an
 * encrypted backup).
 *
 * <p>Each {@link EvidenceFile} carries the attributes {@code domain}, {@code relativePath},
 * {@code fileID}, {@code flags} (1 file, 2 folder, 4 symbolic link), {@code mode},
 * {@code size} and {@code mtime} (ISO time) from its MBFile record; a link also has
 * {@code symlink} (its target).
 *
 * <p>Encrypted backups: the class keys are unwrapped from the BackupKeyBag with the key
 * derived from the password (or given with {@code --key-file}); Manifest.db and then each file
 * are decrypted in memory, as streams, and never written anywhere ({@link #decrypted()} is
 * true, so {@link Sqlite} deserializes databases from memory). Every stored byte read is
 * hashed into the custody log under its name in the backup folder.
 */
public final class BackupSource implements EvidenceSource {
    public static final String TYPE = "ios-backup";
    /** Pseudo folder of the backup's own files. */
    public static final String PSEUDO = "backup/";
    public static final String INFO = PSEUDO + "Info.plist";
    public static final String MANIFEST_PLIST = PSEUDO + "Manifest.plist";
    public static final String STATUS = PSEUDO + "Status.plist";
    public static final String MANIFEST_DB = PSEUDO + "Manifest.db";

    /** Flags values of Manifest.db's Files table. */
    public static final int FLAG_FILE = 1, FLAG_DIR = 2, FLAG_LINK = 4;

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /**
     * One row of Manifest.db's Files table.
     *
     * @param logical   the path on the phone, or null when the row's names are unusable
     * @param meta      its MBFile record (decoded once, when the backup is opened; the blob is
     *                  not kept), or null when the row has none or it is unreadable
     * @param metaError why the MBFile record is unreadable, or null
     */
    public record Row(String fileID, String domain, String relativePath, int flags, String logical, MBFile meta, String metaError) {
        /** Where the file is stored in the backup folder. */
        public String storedName() {
            return fileID.substring(0, 2) + "/" + fileID;
        }
    }

    private enum Mode { PLAIN, ENCRYPTED, PLAIN_MANIFEST_WITH_KEYBAG }

    private final BackupStore store;
    private final String location;
    private final Custody custody;
    private final Mode mode;
    private final List<Row> allRows;
    /** The unwrapped ManifestKey of an encrypted backup (Manifest.db is decrypted again on demand). */
    private final byte[] manifestKey;
    private final long manifestSize;
    private final Map<String, Row> index;
    private final Map<String, String> pseudo = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final int ignoredNames;
    private final Keybag keybag;
    private final Supplier<char[]> lateKeySupplier;
    private Map<Integer, byte[]> classKeys;

    private BackupSource(BackupStore store, Custody custody, Mode mode, List<Row> allRows, byte[] manifestKey, long manifestSize,
                         Map<String, Row> index, Keybag keybag, Map<Integer, byte[]> classKeys, Supplier<char[]> late) {
        this.store = store;
        this.location = store.location();
        this.custody = custody;
        this.mode = mode;
        this.allRows = allRows;
        this.manifestKey = manifestKey;
        this.manifestSize = manifestSize;
        this.index = index;
        this.keybag = keybag;
        this.classKeys = classKeys;
        this.lateKeySupplier = late;
        this.ignoredNames = store instanceof BackupStore.Zip z ? z.ignored() : 0;
        if (ignoredNames > 0) warnings.add(ignoredNames + " zip entries with unsafe names (absolute, \"..\") were ignored");
        for (String n : List.of("Info.plist", "Manifest.plist", "Status.plist", "Manifest.db")) {
            if (store.exists(n)) pseudo.put(PSEUDO + n, n);
        }
    }

    // ------------------------------------------------------------------ opening

    /**
     * Opens a backup folder or a zip of one. The password (or the derived key from the
     * {@code key-file} option) is asked only for an encrypted backup.
     *
     * @throws EvidenceException one clear sentence: not a backup (and what it is instead),
     *                           wrong password, pre-iOS 10 backup, corrupt Manifest.db
     */
    public static BackupSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        Path keyFile = options.file(BackupEvidenceType.KEY_FILE);
        return open(path, () -> keyFile == null ? null : readKeyFile(keyFile), options::password);
    }

    /**
     * Opens a backup with a supplier of the derived key (tried first; null when none) and of
     * the password.
     */
    public static BackupSource open(Path path, Supplier<byte[]> key, Supplier<char[]> password) throws IOException, EvidenceException {
        BackupStore store = BackupProbe.store(path);
        try {
            return open(path, store, key, password);
        } catch (IOException | EvidenceException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static BackupSource open(Path path, BackupStore store, Supplier<byte[]> keySupplier, Supplier<char[]> password)
            throws IOException, EvidenceException {
        Custody custody = new Custody();
        if (store instanceof BackupStore.Zip z) {
            custody.hashFile(path, path.getFileName().toString());
        }
        NSDictionary manifestPlist = null;
        if (store.exists("Manifest.plist")) {
            manifestPlist = dict(readStored(store, "Manifest.plist", custody, 64L << 20), path, "Manifest.plist");
        }
        long dbSize = store.size("Manifest.db");
        boolean sizeKnown = dbSize >= 0 && dbSize != Long.MAX_VALUE;
        if (sizeKnown && dbSize > Limits.MAX_IN_MEMORY) throw new IOException("Manifest.db is " + dbSize + " bytes, over the limit of " + Limits.MAX_IN_MEMORY);
        Mode mode;
        Map<Integer, byte[]> classKeys = null;
        byte[] manifestKey = null;
        long size;
        Sqlite sqlite;
        Keybag keybag = null;
        try (InputStream in = store.open("Manifest.db", custody)) {
            byte[] head = in.readNBytes(SQLITE_MAGIC.length);
            boolean plainDb = Arrays.equals(head, SQLITE_MAGIC);
            boolean isEncrypted = manifestPlist != null && manifestPlist.get("IsEncrypted") instanceof NSNumber n && n.boolValue();
            if (manifestPlist != null && manifestPlist.get("BackupKeyBag") instanceof NSData kb) {
                try {
                    keybag = Keybag.parse(kb.bytes());
                } catch (IllegalArgumentException e) {
                    if (!plainDb) throw new EvidenceException(path + ": " + e.getMessage());
                }
            }
            if (plainDb && sizeKnown && dbSize <= Sqlite.COPY_ABOVE) {
                mode = isEncrypted && keybag != null ? Mode.PLAIN_MANIFEST_WITH_KEYBAG : Mode.PLAIN;
                // Read into one array handed over to SQLite (a WAL applied in memory): nothing written.
                byte[] image = Arrays.copyOf(head, (int) Math.max(dbSize, head.length));
                int n = head.length + Limits.readFully(in, image, head.length, image.length - head.length);
                if (n < image.length) throw new EvidenceException(path + ": Manifest.db is shorter than its size: " + n + " of " + dbSize + " bytes");
                if (in.read() >= 0) throw new EvidenceException(path + ": Manifest.db grew while it was read");
                try {
                    byte[] wal = mode == Mode.PLAIN && store.exists("Manifest.db-wal")
                            ? readStored(store, "Manifest.db-wal", custody, Limits.MAX_IN_MEMORY) : null;
                    sqlite = Sqlite.fromOwnedBytes(image, wal, "Manifest.db");
                } catch (SQLException | IOException e) {
                    throw new EvidenceException(path + ": Manifest.db cannot be read: " + e.getMessage());
                }
                size = image.length;
            } else if (plainDb) {
                mode = isEncrypted && keybag != null ? Mode.PLAIN_MANIFEST_WITH_KEYBAG : Mode.PLAIN;
                // A large plain database: read from a private copy rather than held twice in memory (heap and SQLite).
                InputStream wal = mode == Mode.PLAIN && store.exists("Manifest.db-wal") ? store.open("Manifest.db-wal", custody) : null;
                CountingStream counted = new CountingStream(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), in));
                try (wal) {
                    sqlite = Sqlite.fromPrivateCopy(counted, wal, "Manifest.db");
                } catch (SQLException | IOException e) {
                    throw new EvidenceException(path + ": Manifest.db cannot be read: " + e.getMessage());
                }
                size = counted.count;
            } else {
                if (keybag == null) {
                    throw new EvidenceException(path + ": Manifest.db is not a SQLite database and Manifest.plist has no "
                            + "BackupKeyBag to decrypt it: the backup is damaged or incomplete");
                }
                if (!(manifestPlist.get("ManifestKey") instanceof NSData mk) || mk.bytes().length < 4 + 24) {
                    throw new EvidenceException(path + ": Manifest.plist has no usable ManifestKey: cannot decrypt Manifest.db");
                }
                mode = Mode.ENCRYPTED;
                classKeys = unlock(path, keybag, keySupplier, password);
                manifestKey = unwrapManifestKey(path, mk.bytes(), classKeys);
                // Decrypted while it is read, into one array: neither the encrypted bytes nor a second copy are held.
                Decrypted d = sizeKnown ? decryptManifest(path, head, in, dbSize, manifestKey)
                        : decryptManifest(path, concat(head, Limits.readBounded(in, Limits.MAX_IN_MEMORY, "Manifest.db")), manifestKey);
                size = d.length();
                try {
                    sqlite = Sqlite.fromOwnedBytes(d.image(), null, "Manifest.db");
                } catch (SQLException | IOException e) {
                    throw new EvidenceException(path + ": Manifest.db cannot be read: " + e.getMessage());
                } finally {
                    Arrays.fill(d.image(), (byte) 0); // SQLite holds its own copy now
                }
            }
        }
        dev.vigil.core.util.Trace.log("Manifest.db opened (" + size + " bytes)");
        List<Row> rows = new ArrayList<>();
        Map<String, Row> index;
        try (sqlite) {
            index = index(sqlite, rows);
            dev.vigil.core.util.Trace.log("Manifest.db indexed (" + rows.size() + " rows)");
        } catch (SQLException e) {
            throw new EvidenceException(path + ": Manifest.db has no usable Files table (" + e.getMessage() + ")");
        }
        Supplier<char[]> late = mode == Mode.PLAIN_MANIFEST_WITH_KEYBAG ? password : null;
        return new BackupSource(store, custody, mode, List.copyOf(rows), manifestKey, size, index, keybag, classKeys, late);
    }

    private static Map<Integer, byte[]> unlock(Path path, Keybag keybag, Supplier<byte[]> keySupplier, Supplier<char[]> password)
            throws EvidenceException {
        byte[] key = keySupplier == null ? null : keySupplier.get();
        boolean fromKeyFile = key != null;
        if (key == null) {
            char[] pw = password == null ? null : password.get();
            if (pw == null) {
                throw new EvidenceException(path + " is an encrypted backup: give its password (environment variable "
                        + "VIGIL_BACKUP_PASSWORD, --password-file, or the prompt) or a key from vigil extract-key (--key-file)");
            }
            try {
                key = keybag.deriveKey(pw);
            } catch (IllegalArgumentException e) {
                throw new EvidenceException(path + ": " + e.getMessage());
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        try {
            return keybag.unlock(key);
        } catch (AesKeyWrap.IntegrityException e) {
            throw new EvidenceException(fromKeyFile ? "the key file does not open the backup " + path + " (wrong key or another backup)"
                    : "wrong backup password for " + path);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Derives the key of a backup from its password, checking it against the keybag. */
    public static byte[] extractKey(Path path, char[] password) throws IOException, EvidenceException {
        try (BackupStore store = BackupProbe.store(path)) {
            if (!store.exists("Manifest.plist")) throw new EvidenceException(path + " has no Manifest.plist: it is not an encrypted backup");
            NSDictionary mp = dict(readStored(store, "Manifest.plist", new Custody(), 64L << 20), path, "Manifest.plist");
            if (!(mp.get("BackupKeyBag") instanceof NSData kb)) throw new EvidenceException(path + " is not an encrypted backup (no BackupKeyBag)");
            Keybag keybag;
            try {
                keybag = Keybag.parse(kb.bytes());
            } catch (IllegalArgumentException e) {
                throw new EvidenceException(path + ": " + e.getMessage());
            }
            byte[] key;
            try {
                key = keybag.deriveKey(password);
            } catch (IllegalArgumentException e) {
                throw new EvidenceException(path + ": " + e.getMessage());
            }
            try {
                Map<Integer, byte[]> ck = keybag.unlock(key);
                ck.values().forEach(k -> Arrays.fill(k, (byte) 0));
            } catch (AesKeyWrap.IntegrityException e) {
                Arrays.fill(key, (byte) 0);
                throw new EvidenceException("wrong backup password for " + path);
            }
            return key;
        }
    }

    /** Reads a key file: 64 hex digits (whitespace ignored) or 32 raw bytes. */
    static byte[] readKeyFile(Path file) {
        byte[] raw;
        try {
            if (Files.size(file) > 4096) throw new IllegalArgumentException("the key file " + file + " is too large to be a key");
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + file + ": " + e.getMessage());
        }
        try {
            String text = new String(raw, StandardCharsets.US_ASCII).replaceAll("\\s", "");
            if (text.matches("[0-9a-fA-F]{64}")) return HexFormat.of().parseHex(text);
            if (raw.length == 32) return raw.clone();
            throw new IllegalArgumentException("the key file " + file + " does not hold a key (64 hex digits from vigil extract-key)");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] unwrapManifestKey(Path path, byte[] manifestKey, Map<Integer, byte[]> classKeys) throws EvidenceException {
        int clas = le32(manifestKey);
        byte[] ck = classKeys.get(clas);
        if (ck == null) throw new EvidenceException(path + ": the ManifestKey needs protection class " + clas + ", absent from the keybag");
        try {
            return AesKeyWrap.unwrap(ck, Arrays.copyOfRange(manifestKey, 4, manifestKey.length));
        } catch (AesKeyWrap.IntegrityException e) {
            throw new EvidenceException(path + ": the ManifestKey does not unwrap: the backup is damaged");
        }
    }

    /** Decrypts Manifest.db in memory (the encrypted bytes are wiped). */
    /** True when a SQLite image's header gives its size in pages, and those pages fit in {@code len} bytes. */
    static boolean headerSizeValid(byte[] b, int len) {
        if (len < 100) return false;
        for (int i = 0; i < 4; i++) if (b[24 + i] != b[92 + i]) return false;
        long pages = (b[28] & 0xffL) << 24 | (b[29] & 0xff) << 16 | (b[30] & 0xff) << 8 | (b[31] & 0xff);
        int pageSize = (b[16] & 0xff) << 8 | (b[17] & 0xff);
        long bytes = pageSize == 1 ? 65536 : pageSize;
        return pages > 0 && bytes >= 512 && pages * bytes == len;
    }

    /** Counts the bytes read through it (the size of a database copied without knowing it first). */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Decrypts an encrypted Manifest.db of known size as it is read ({@code head} then
     * {@code rest}), in 1 MiB steps into one array: the encrypted bytes are never held whole.
     */
    private static Decrypted decryptManifest(Path path, byte[] head, InputStream rest, long size, byte[] key) throws EvidenceException, IOException {
        if (size % 16 != 0 || size < head.length) {
            throw new EvidenceException(path + ": the encrypted Manifest.db is truncated (" + size + " bytes)");
        }
        byte[] out = new byte[(int) size];
        byte[] buf = new byte[1 << 20];
        boolean ok = false;
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            int o = c.update(head, 0, head.length, out, 0);
            long read = head.length;
            while (read < size) {
                int n = rest.read(buf, 0, (int) Math.min(buf.length, size - read));
                if (n < 0) throw new EvidenceException(path + ": Manifest.db is shorter than its size: " + read + " of " + size + " bytes");
                o += c.update(buf, 0, n, out, o);
                read += n;
            }
            if (rest.read() >= 0) throw new EvidenceException(path + ": Manifest.db grew while it was read");
            o += c.doFinal(out, o);
            Decrypted d = unpadded(path, out, o);
            ok = true;
            return d;
        } catch (GeneralSecurityException e) {
            throw new EvidenceException(path + ": Manifest.db does not decrypt: " + e.getMessage());
        } finally {
            Arrays.fill(buf, (byte) 0);
            if (!ok) Arrays.fill(out, (byte) 0);
        }
    }

    /** A decrypted Manifest.db: {@code length} bytes of database in {@code image} (which may hold padding after them). */
    private record Decrypted(byte[] image, int length) {}

    private static Decrypted decryptManifest(Path path, byte[] db, byte[] key) throws EvidenceException {
        if (db.length % 16 != 0) throw new EvidenceException(path + ": the encrypted Manifest.db is truncated (" + db.length + " bytes)");
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            return unpadded(path, db, c.doFinal(db, 0, db.length, db, 0)); // in place: one copy of a large database less
        } catch (GeneralSecurityException e) {
            Arrays.fill(db, (byte) 0);
            throw new EvidenceException(path + ": Manifest.db does not decrypt: " + e.getMessage());
        }
    }

    /**
     * The database in the first {@code n} decrypted bytes of {@code out}, its PKCS#7 padding
     * dropped. No second copy of a 100 MB database just to drop the padding when SQLite will
     * ignore the trailing bytes anyway (its header's page count is valid). Wipes what it does
     * not return.
     */
    private static Decrypted unpadded(Path path, byte[] out, int n) throws EvidenceException {
        int pad = n == 0 ? 0 : out[n - 1] & 0xff;
        boolean padded = pad >= 1 && pad <= 16 && pad <= n;
        for (int i = n - pad; padded && i < n; i++) padded = (out[i] & 0xff) == pad;
        int len = padded ? n - pad : n;
        if (!startsWith(out, SQLITE_MAGIC)) {
            Arrays.fill(out, (byte) 0);
            throw new EvidenceException(path + ": Manifest.db does not decrypt to a SQLite database: the backup is damaged");
        }
        byte[] image = len == out.length || headerSizeValid(out, len) ? out : Arrays.copyOf(out, len);
        if (image != out) Arrays.fill(out, (byte) 0);
        return new Decrypted(image, len);
    }

    /** Order of {@link #manifestRows()}: domain, relative path, file id (nulls first). */
    private static final Comparator<Row> ROW_ORDER = Comparator.comparing(Row::domain, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(Row::relativePath).thenComparing(Row::fileID, Comparator.nullsFirst(Comparator.<String>naturalOrder()));

    /**
     * Reads every row (into {@code all}, sorted by domain, path and id) and indexes the usable
     * ones by logical path. Sorting is done here rather than in SQL, where it would move every
     * blob through a temporary b-tree.
     */
    private static Map<String, Row> index(Sqlite db, List<Row> all) throws SQLException {
        if (!db.hasTable("Files")) throw new SQLException("no Files table");
        Map<String, String> domains = new java.util.HashMap<>();
        Map<String, String> roots = new java.util.HashMap<>();
        List<RawRow> raw = new ArrayList<>();
        try (Decoder decoder = new Decoder(all)) {
            db.query("SELECT fileID, domain, relativePath, flags, file FROM Files", rs -> {
                String id = rs.getString(1);
                String domain = rs.getString(2);
                if (domain != null) domain = domains.computeIfAbsent(domain, d -> d);
                String root = domain == null ? null : roots.computeIfAbsent(domain, d -> java.util.Objects.requireNonNullElse(BackupDomains.root(d), ""));
                String rel = rs.getString(3);
                int flags = rs.getInt(4);
                byte[] blob = rs.getBytes(5);
                boolean goodId = hex40(id);
                // a bad id is never used as a stored name
                String logical = goodId && root != null && !root.isEmpty() ? BackupDomains.underRoot(root, rel) : null;
                raw.add(new RawRow(goodId ? id.toLowerCase(Locale.ROOT) : id, domain, rel == null ? "" : rel, flags, logical, blob));
                if (raw.size() == DECODE_BATCH) decoder.submit(raw);
            });
            decoder.submit(raw);
            decoder.finish();
        }
        dev.vigil.core.util.Trace.log("Manifest.db rows read and decoded");
        all.sort(ROW_ORDER);
        Map<String, Row> index = new TreeMap<>();
        for (Row r : all) {
            if (r.logical() != null) index.putIfAbsent(r.logical(), r);
        }
        return index;
    }

    /** Rows per decoded batch: the blobs are never all in memory (at most {@link Decoder#IN_FLIGHT} + 1 batches). */
    private static final int DECODE_BATCH = 8192;

    /**
     * Decodes batches of rows on two threads while the next rows are read: only the decoded
     * fields are kept (a fifth of the blobs' memory), rows keep their order, and at most
     * {@link #IN_FLIGHT} batches of blobs are held at once.
     */
    private static final class Decoder implements AutoCloseable {
        static final int IN_FLIGHT = 2;
        private final List<Row> all;
        private final java.util.ArrayDeque<java.util.concurrent.Future<List<Row>>> pending = new java.util.ArrayDeque<>();
        private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2,
                Thread.ofPlatform().daemon().name("vigil-manifest-decode-", 1).factory());

        Decoder(List<Row> all) {
            this.all = all;
        }

        /** Hands the batch over (and empties the list for the next rows). */
        void submit(List<RawRow> batch) {
            if (batch.isEmpty()) return;
            List<RawRow> mine = List.copyOf(batch);
            batch.clear();
            pending.add(pool.submit(() -> mine.stream().map(BackupSource::decoded).toList()));
            while (pending.size() > IN_FLIGHT) take();
        }

        /** Waits for every batch, in order. */
        void finish() {
            while (!pending.isEmpty()) take();
        }

        private void take() {
            try {
                all.addAll(pending.poll().get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while decoding Manifest.db rows", e);
            } catch (java.util.concurrent.ExecutionException e) {
                // decoded() catches what a row can throw; anything else is a bug worth its stack trace
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    private record RawRow(String fileID, String domain, String relativePath, int flags, String logical, byte[] file) {}

    private static Row decoded(RawRow r) {
        MBFile meta = null;
        String error = null;
        if (r.file() != null && r.file().length > 0) {
            try {
                meta = MBFile.decode(r.file());
            } catch (KeyedArchive.FormatException | RuntimeException | StackOverflowError e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        return new Row(r.fileID(), r.domain(), r.relativePath(), r.flags(), r.logical(), meta, error);
    }

    private static boolean hex40(String id) {
        if (id == null || id.length() != 40) return false;
        for (int i = 0; i < 40; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) return false;
        }
        return true;
    }

    /** Reads a stored file whole; with a known size, straight into an array of that size (large Manifest.db files). */
    private static byte[] readStored(BackupStore store, String name, Custody custody, long max) throws IOException {
        long size = store.size(name);
        try (InputStream in = store.open(name, custody)) {
            if (size < 0 || size == Long.MAX_VALUE) return Limits.readBounded(in, max, name);
            if (size > max) throw new IOException(name + " is " + size + " bytes, over the limit of " + max);
            byte[] b = new byte[(int) size];
            int n = Limits.readFully(in, b);
            if (n < b.length) throw new IOException(name + " is shorter than its size: " + n + " of " + size + " bytes");
            if (in.read() >= 0) throw new IOException(name + " grew while it was read");
            return b;
        }
    }

    private static NSDictionary dict(byte[] b, Path path, String name) throws EvidenceException {
        try {
            if (Plists.looksUnsafe(b)) throw new EvidenceException(path + ": " + name + " declares XML entities: refused");
            NSObject o = PlistGuard.parse(b);
            if (o instanceof NSDictionary d) return d;
            throw new EvidenceException(path + ": " + name + " is not a dictionary property list");
        } catch (EvidenceException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw new EvidenceException(path + ": " + name + " is not a readable property list (" + e.getMessage() + ")");
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[i] != prefix[i]) return false;
        return true;
    }

    static int le32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    // ------------------------------------------------------------------ EvidenceSource

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String location() {
        return location;
    }

    /** True for an encrypted backup (a plain backup's Manifest.db with a keybag counts too). */
    public boolean encrypted() {
        return mode != Mode.PLAIN;
    }

    /** The number of rows of Manifest.db's Files table that have a usable name. */
    public int rowCount() {
        return index.size();
    }

    /** Every usable row of Manifest.db, by logical path. */
    public List<Row> rows() {
        return List.copyOf(index.values());
    }

    /**
     * Every row of Manifest.db's Files table, in (domain, relativePath, fileID) order,
     * including rows whose names cannot be used as paths ({@link Row#logical()} null): the
     * manifest module lists them from here rather than loading a second copy of the database.
     */
    public List<Row> manifestRows() {
        return allRows;
    }

    /** Notes about what could not be used. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    @Override
    public boolean indexed() {
        return true;
    }

    @Override
    public List<EvidenceFile> find(String glob) throws IOException {
        Glob g = Glob.of(glob);
        String prefix = g.literalPrefix();
        List<EvidenceFile> out = new ArrayList<>();
        for (var e : pseudo.entrySet()) {
            if (g.matches(e.getKey())) out.add(pseudoFile(e.getKey()));
        }
        for (var e : ((TreeMap<String, Row>) index).tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            Row r = e.getValue();
            if ((r.flags() == FLAG_FILE || r.flags() == FLAG_LINK) && g.matches(e.getKey())) out.add(file(r));
        }
        out.sort(Comparator.comparing(EvidenceFile::path));
        return out;
    }

    @Override
    public void walk(Consumer<EvidenceFile> visitor) throws IOException {
        List<EvidenceFile> all = new ArrayList<>();
        for (String p : pseudo.keySet()) all.add(pseudoFile(p));
        for (Row r : index.values()) {
            if (r.flags() == FLAG_FILE || r.flags() == FLAG_LINK) all.add(file(r));
        }
        all.sort(Comparator.comparing(EvidenceFile::path));
        all.forEach(visitor);
    }

    private EvidenceFile pseudoFile(String p) {
        if (p.equals(MANIFEST_DB) && manifestKey != null) return new EvidenceFile(p, manifestSize, null, Map.of("pseudo", true));
        long size = store.size(pseudo.get(p));
        return new EvidenceFile(p, size == Long.MAX_VALUE ? -1 : size, null, Map.of("pseudo", true));
    }

    private EvidenceFile file(Row r) throws IOException {
        MBFile m = meta(r);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("domain", r.domain());
        attrs.put("relativePath", r.relativePath());
        attrs.put("fileID", r.fileID());
        attrs.put("flags", r.flags());
        if (m != null) {
            attrs.put("mode", m.mode());
            attrs.put("size", m.size());
            if (m.lastModified() != null) attrs.put("mtime", dev.vigil.core.model.Times.iso(m.lastModified()));
            if (m.target() != null) attrs.put("symlink", m.target());
        }
        long size = m != null && m.size() >= 0 ? m.size() : storedSize(r);
        return new EvidenceFile(r.logical(), size, m == null ? null : m.lastModified(), attrs);
    }

    private long storedSize(Row r) {
        long s = store.size(r.storedName());
        if (s < 0) s = store.size(r.fileID());
        return s == Long.MAX_VALUE ? -1 : s;
    }

    /** The MBFile record of a row, or null when it is absent or unreadable (noted in warnings). */
    public MBFile meta(Row r) {
        if (r.metaError() != null) {
            synchronized (warnings) {
                String w = r.logical() + ": unreadable MBFile record: " + r.metaError();
                if (warnings.size() < 100 && !warnings.contains(w)) warnings.add(w);
            }
        }
        return r.meta();
    }

    @Override
    public InputStream open(EvidenceFile file) throws IOException {
        String p = file.path();
        if (pseudo.containsKey(p)) {
            if (p.equals(MANIFEST_DB) && manifestKey != null) {
                try {
                    Decrypted d = decryptManifest(Path.of(location), readStored(store, "Manifest.db", custody, Limits.MAX_IN_MEMORY), manifestKey);
                    return new ByteArrayInputStream(d.image(), 0, d.length());
                } catch (EvidenceException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            return store.open(pseudo.get(p), custody);
        }
        Row r = index.get(p);
        if (r == null) throw new IOException("not in the backup: " + p);
        return open(r);
    }

    /** Opens the content of a row (decrypted when needed, in memory). */
    public InputStream open(Row r) throws IOException {
        if (r.flags() != FLAG_FILE) throw new IOException(r.logical() + " is not a regular file in the backup");
        String name = store.exists(r.storedName()) ? r.storedName() : store.exists(r.fileID()) ? r.fileID() : null;
        if (name == null) throw new IOException(r.logical() + " is listed in Manifest.db but its file " + r.storedName() + " is missing");
        MBFile m = meta(r);
        long size = m == null ? -1 : m.size();
        boolean decrypt = switch (mode) {
            case PLAIN -> false;
            case ENCRYPTED -> m != null && m.encryptionKey() != null;
            case PLAIN_MANIFEST_WITH_KEYBAG -> m != null && m.encryptionKey() != null && size >= 0
                    && store.size(name) == (size / 16 + 1) * 16;
        };
        InputStream raw = store.open(name, custody);
        if (!decrypt) return raw;
        try {
            byte[] key = fileKey(r, m);
            try {
                return new DecryptingStream(raw, key, size, r.logical());
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private byte[] fileKey(Row r, MBFile m) throws IOException {
        Map<Integer, byte[]> keys = classKeys();
        int clas = m.keyClass();
        byte[] ck = keys.get(clas);
        if (ck == null) throw new IOException(r.logical() + ": its key needs protection class " + clas + ", absent from the keybag");
        byte[] wrapped = m.wrappedKey();
        if (wrapped == null) throw new IOException(r.logical() + ": its EncryptionKey is truncated");
        try {
            return AesKeyWrap.unwrap(ck, wrapped);
        } catch (AesKeyWrap.IntegrityException e) {
            throw new IOException(r.logical() + ": its file key does not unwrap (damaged record)");
        }
    }

    private synchronized Map<Integer, byte[]> classKeys() throws IOException {
        if (classKeys != null) return classKeys;
        if (lateKeySupplier == null || keybag == null) throw new IOException("the backup keys are not available");
        try {
            classKeys = unlock(Path.of(location), keybag, null, lateKeySupplier);
            return classKeys;
        } catch (EvidenceException e) {
            throw new IOException(e.getMessage());
        }
    }

    @Override
    public Custody custody() {
        return custody;
    }

    @Override
    public boolean decrypted() {
        return mode != Mode.PLAIN;
    }

    @Override
    public synchronized void close() throws IOException {
        if (classKeys != null) classKeys.values().forEach(k -> Arrays.fill(k, (byte) 0));
        if (manifestKey != null) Arrays.fill(manifestKey, (byte) 0);
        store.close();
    }
}
