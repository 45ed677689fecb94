package dev.vigil.samples.ios.backup;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import dev.vigil.samples.ios.IosFiles;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.sqlite.SQLiteConnection;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Serialises a virtual phone ({@link IosFiles}) as a real iTunes/Finder backup: Info.plist,
 * Status.plist, Manifest.plist, Manifest.db with Apple's schema (iOS 10 to 17: {@code Files}
 * with fileID, domain, relativePath, flags, file; {@code Properties}), an NSKeyedArchiver
 * MBFile record per entry (folders included), and each file stored as
 * {@code <first two hex>/<fileID>} with fileID = SHA-1(domain + "-" + relativePath).
 *
 * <p>Encrypted backups follow iOS 10.2+: a BackupKeyBag with random class keys wrapped
 * (RFC 3394) with PBKDF2-HMAC-SHA1(PBKDF2-HMAC-SHA256(password, DPSL, DPIC), SALT, ITER); a
 * ManifestKey; Manifest.db and every file encrypted with AES-256-CBC (zero IV, PKCS#7) under a
 * per-file key kept wrapped in its MBFile EncryptionKey. Real devices use DPIC 10,000,000 and
 * ITER 10,000; tests use small counts for speed.
 *
 * <p>Installed apps: every app container ({@code AppDomain-<bundle>}) and every
 * {@code private/var/containers/Bundle/Application/<bundle>/iTunesMetadata.plist} becomes an
 * entry of Info.plist's "Installed Applications" and "Applications" (with its iTunesMetadata),
 * as iTunes writes them. Files outside the backed-up domains are left out ({@link #skipped()}).
 *
 * <p>This writer shares no code with Vigil's reader on purpose.
 */
public final class BackupWriter {
    /** The phone the backup claims to come from (Info.plist / Manifest.plist Lockdown). */
    public record Device(String deviceName, String productType, String productVersion, String buildVersion,
                         String serialNumber, String imei, String udid, String phoneNumber, Instant lastBackup) {
        /** The demo phone: an iPhone 13 on iOS 16.5 (outdated on purpose). */
        public static Device demo() {
            return new Device("Vigil demo iPhone", "iPhone14,5", "16.5", "20F66", "F2LVIGILDEMO", "356789100000001",
                    "00008110-000A1C2E3F4D5E6F", "+41 00 000 00 00", Instant.parse("2023-06-02T08:00:00Z"));
        }

        public Device withVersion(String version, String build) {
            return new Device(deviceName, productType, version, build, serialNumber, imei, udid, phoneNumber, lastBackup);
        }
    }

    private static final String BUNDLES = "private/var/containers/Bundle/Application/";

    private final IosFiles files;
    private Device device = Device.demo();
    private String password;
    private int dpic = 10_000_000;
    private int iter = 10_000;
    private boolean manifestPlist = true;
    private boolean statusPlist = true;
    private long seed = 42;
    private final List<String> skipped = new ArrayList<>();

    private BackupWriter(IosFiles files) {
        this.files = files;
    }

    public static BackupWriter of(IosFiles files) {
        return new BackupWriter(files);
    }

    public BackupWriter device(Device d) {
        this.device = d;
        return this;
    }

    /** Encrypts the backup with this password and these iteration counts (DPIC for SHA-256, ITER for SHA-1). */
    public BackupWriter encrypted(String password, int dpic, int iter) {
        this.password = password;
        this.dpic = dpic;
        this.iter = iter;
        return this;
    }

    /** Leaves Manifest.plist out, as some tools and decrypted copies do (plain backups only). */
    public BackupWriter withoutManifestPlist() {
        this.manifestPlist = false;
        return this;
    }

    public BackupWriter withoutStatusPlist() {
        this.statusPlist = false;
        return this;
    }

    /** Seed of the random keys and salts (fixtures are reproducible). */
    public BackupWriter seed(long s) {
        this.seed = s;
        return this;
    }

    /** Phone files that a backup does not hold, left out by the last write. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** The fileID of a backup entry: SHA-1 of "domain-relativePath", lower-case hex. */
    public static String fileId(String domain, String relativePath) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(md.digest((domain + "-" + relativePath).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes the backup into {@code dir} (created) and returns it. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var e : build().entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return dir;
    }

    /** Writes the backup into a zip, under {@code folder} ("" for the zip root). */
    public Path writeZip(Path zip, String folder) throws IOException {
        Files.createDirectories(zip.toAbsolutePath().getParent());
        String prefix = folder.isEmpty() ? "" : folder.endsWith("/") ? folder : folder + "/";
        try (OutputStream os = Files.newOutputStream(zip); ZipArchiveOutputStream z = new ZipArchiveOutputStream(os)) {
            for (var e : build().entrySet()) {
                ZipArchiveEntry ze = new ZipArchiveEntry(prefix + e.getKey());
                ze.setTime(device.lastBackup().toEpochMilli());
                z.putArchiveEntry(ze);
                z.write(e.getValue());
                z.closeArchiveEntry();
            }
        }
        return zip;
    }

    /** The backup as name -> bytes (names relative to the backup folder), sorted. */
    public Map<String, byte[]> build() throws IOException {
        skipped.clear();
        Random rnd = new Random(seed);
        Keys keys = password == null ? null : Keys.generate(password, dpic, iter, rnd);
        Map<String, byte[]> out = new TreeMap<>();
        // Entries, folders included, sorted by domain then path.
        Map<String, TreeMap<String, IosFiles.Entry>> byDomain = new TreeMap<>();
        Map<String, byte[]> metadata = new TreeMap<>();
        TreeSet<String> apps = new TreeSet<>();
        for (IosFiles.Entry e : files.entries().values()) {
            if (e.path().startsWith(BUNDLES)) {
                String rest = e.path().substring(BUNDLES.length());
                int slash = rest.indexOf('/');
                if (slash > 0 && rest.substring(slash + 1).equals("iTunesMetadata.plist")) {
                    metadata.put(rest.substring(0, slash), e.data());
                    apps.add(rest.substring(0, slash));
                }
                skipped.add(e.path());
                continue;
            }
            BackupLayout.Name n = BackupLayout.of(e.path());
            if (n == null) {
                skipped.add(e.path());
                continue;
            }
            if (n.domain().startsWith("AppDomain-")) apps.add(n.domain().substring("AppDomain-".length()));
            byDomain.computeIfAbsent(n.domain(), k -> new TreeMap<>()).put(n.relativePath(), e);
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite::memory:");
        } catch (SQLException e) {
            throw new IOException(e);
        }
        try (c) {
            try (Statement st = c.createStatement()) {
                // Apple's schema (iOS 10 to 17).
                st.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)");
                st.execute("CREATE INDEX FilesDomainIdx ON Files(domain)");
                st.execute("CREATE INDEX FilesRelativePathIdx ON Files(relativePath)");
                st.execute("CREATE INDEX FilesFlagsIdx ON Files(flags)");
                st.execute("CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)");
            }
            c.setAutoCommit(false);
            long inode = 100_000;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO Files VALUES (?, ?, ?, ?, ?)")) {
                for (var d : byDomain.entrySet()) {
                    String domain = d.getKey();
                    boolean root = domain.equals("RootDomain") || domain.startsWith("Sys") || domain.equals("DatabaseDomain")
                            || domain.equals("WirelessDomain") || domain.equals("SystemPreferencesDomain");
                    TreeSet<String> dirs = new TreeSet<>();
                    dirs.add("");
                    for (String rel : d.getValue().keySet()) {
                        int s = rel.lastIndexOf('/');
                        while (s > 0) {
                            dirs.add(rel.substring(0, s));
                            s = rel.lastIndexOf('/', s - 1);
                        }
                    }
                    Instant dirTime = device.lastBackup().minusSeconds(86_400);
                    for (String rel : dirs) {
                        String id = fileId(domain, rel);
                        insert(ps, id, domain, rel, 2, mbfile(rel, 040755, 0, dirTime, ++inode, root ? 0 : 501, 0, null));
                    }
                    for (var f : d.getValue().entrySet()) {
                        String rel = f.getKey();
                        IosFiles.Entry e = f.getValue();
                        String id = fileId(domain, rel);
                        byte[] stored = e.data();
                        byte[] encKey = null;
                        if (keys != null) {
                            byte[] fileKey = keys.random(32);
                            encKey = keys.wrapForClass(3, fileKey);
                            stored = Keys.encrypt(fileKey, e.data());
                        }
                        insert(ps, id, domain, rel, 1, mbfile(rel, e.mode(), e.data().length, e.modified(), ++inode, root ? 0 : 501,
                                keys == null ? 0 : 3, encKey));
                        out.put(id.substring(0, 2) + "/" + id, stored);
                    }
                }
            }
            c.commit();
            byte[] db = ((SQLiteConnection) c).serialize("main");
            if (keys != null) {
                out.put("Manifest.db", Keys.encrypt(keys.manifestKey, db));
            } else {
                out.put("Manifest.db", db);
            }
        } catch (SQLException | GeneralSecurityException e) {
            throw new IOException("cannot build Manifest.db: " + e.getMessage(), e);
        }
        out.put("Info.plist", infoPlist(apps, metadata));
        if (manifestPlist || keys != null) out.put("Manifest.plist", manifestPlist(apps, keys));
        if (statusPlist) out.put("Status.plist", statusPlist());
        return out;
    }

    private static void insert(PreparedStatement ps, String id, String domain, String rel, int flags, byte[] blob) throws SQLException {
        ps.setString(1, id);
        ps.setString(2, domain);
        ps.setString(3, rel);
        ps.setInt(4, flags);
        ps.setBytes(5, blob);
        ps.executeUpdate();
    }

    /** An MBFile record as NSKeyedArchiver writes it (binary plist with $archiver/$top/$objects). */
    public static byte[] mbfile(String relativePath, int mode, long size, Instant modified, long inode, int uid, int protectionClass,
                         byte[] encryptionKey) throws IOException {
        List<NSObject> objects = new ArrayList<>();
        objects.add(new NSString("$null"));
        NSDictionary file = new NSDictionary();
        objects.add(file); // 1
        objects.add(new NSString(relativePath)); // 2
        long t = modified.getEpochSecond();
        file.put("LastModified", new NSNumber(t));
        file.put("LastStatusChange", new NSNumber(t));
        file.put("Birth", new NSNumber(t));
        file.put("Flags", new NSNumber(0));
        file.put("GroupID", new NSNumber(uid));
        file.put("UserID", new NSNumber(uid));
        file.put("InodeNumber", new NSNumber(inode));
        file.put("Mode", new NSNumber(mode));
        file.put("Size", new NSNumber(size));
        file.put("ProtectionClass", new NSNumber(protectionClass));
        file.put("RelativePath", uid(2));
        if (encryptionKey != null) {
            NSDictionary data = new NSDictionary();
            data.put("NS.data", new NSData(encryptionKey));
            objects.add(data); // 3
            NSDictionary dataClass = new NSDictionary();
            dataClass.put("$classname", new NSString("NSMutableData"));
            dataClass.put("$classes", new NSArray(new NSString("NSMutableData"), new NSString("NSData"), new NSString("NSObject")));
            objects.add(dataClass); // 4
            data.put("$class", uid(4));
            file.put("EncryptionKey", uid(3));
        }
        NSDictionary cls = new NSDictionary();
        cls.put("$classname", new NSString("MBFile"));
        cls.put("$classes", new NSArray(new NSString("MBFile"), new NSString("NSObject")));
        objects.add(cls);
        file.put("$class", uid(objects.size() - 1));
        NSDictionary top = new NSDictionary();
        top.put("root", uid(1));
        NSDictionary archive = new NSDictionary();
        archive.put("$version", new NSNumber(100000));
        archive.put("$archiver", new NSString("NSKeyedArchiver"));
        archive.put("$top", top);
        archive.put("$objects", new NSArray(objects.toArray(new NSObject[0])));
        return BinaryPropertyListWriter.writeToArray(archive);
    }

    static UID uid(int index) {
        return new UID(null, new byte[] {(byte) index});
    }

    private byte[] infoPlist(TreeSet<String> apps, Map<String, byte[]> metadata) throws IOException {
        NSDictionary d = new NSDictionary();
        d.put("Build Version", device.buildVersion());
        d.put("Device Name", device.deviceName());
        d.put("Display Name", device.deviceName());
        d.put("GUID", "5F6E7D8C9BA0B1C2D3E4F5A6B7C8D9E0");
        d.put("ICCID", "8941000000000000000");
        d.put("IMEI", device.imei());
        d.put("Last Backup Date", new NSDate(Date.from(device.lastBackup())));
        d.put("Phone Number", device.phoneNumber());
        d.put("Product Name", "iPhone 13");
        d.put("Product Type", device.productType());
        d.put("Product Version", device.productVersion());
        d.put("Serial Number", device.serialNumber());
        d.put("Target Identifier", device.udid());
        d.put("Target Type", "Device");
        d.put("Unique Identifier", device.udid().toUpperCase());
        d.put("iTunes Version", "12.12.4.1");
        NSArray installed = new NSArray(apps.size());
        int i = 0;
        for (String a : apps) installed.setValue(i++, new NSString(a));
        d.put("Installed Applications", installed);
        NSDictionary applications = new NSDictionary();
        for (String a : apps) {
            NSDictionary app = new NSDictionary();
            byte[] meta = metadata.get(a);
            if (meta != null) app.put("iTunesMetadata", new NSData(meta));
            app.put("PlaceholderIcon", new NSData(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
            applications.put(a, app);
        }
        d.put("Applications", applications);
        return d.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] manifestPlist(TreeSet<String> apps, Keys keys) throws IOException {
        NSDictionary d = new NSDictionary();
        d.put("Version", "10.0");
        d.put("Date", new NSDate(Date.from(device.lastBackup())));
        d.put("SystemDomainsVersion", "24.0");
        d.put("WasPasscodeSet", true);
        d.put("IsEncrypted", keys != null);
        NSDictionary lockdown = new NSDictionary();
        lockdown.put("ProductVersion", device.productVersion());
        lockdown.put("ProductType", device.productType());
        lockdown.put("BuildVersion", device.buildVersion());
        lockdown.put("UniqueDeviceID", device.udid());
        lockdown.put("SerialNumber", device.serialNumber());
        lockdown.put("DeviceName", device.deviceName());
        d.put("Lockdown", lockdown);
        NSDictionary applications = new NSDictionary();
        for (String a : apps) {
            NSDictionary app = new NSDictionary();
            app.put("CFBundleIdentifier", a);
            app.put("ContainerContentClass", "Data/Application");
            applications.put(a, app);
        }
        d.put("Applications", applications);
        if (keys != null) {
            d.put("BackupKeyBag", new NSData(keys.keybag));
            d.put("ManifestKey", new NSData(keys.manifestKeyRecord));
        }
        return BinaryPropertyListWriter.writeToArray(d);
    }

    private byte[] statusPlist() throws IOException {
        NSDictionary d = new NSDictionary();
        d.put("IsFullBackup", false);
        d.put("Version", "3.3");
        d.put("UUID", "5A3E1F06-0D9C-4C4B-9E0B-76A0F1E2D3C4");
        d.put("Date", new NSDate(Date.from(device.lastBackup())));
        d.put("BackupState", "new");
        d.put("SnapshotState", "finished");
        return BinaryPropertyListWriter.writeToArray(d);
    }

    /** An iTunesMetadata.plist as the App Store writes it (binary plist). */
    public static byte[] itunesMetadata(String bundleId, String name, String artist, String version, String sourceApp,
                                        Instant purchased) throws IOException {
        NSDictionary d = new NSDictionary();
        d.put("softwareVersionBundleId", bundleId);
        d.put("itemName", name);
        d.put("bundleDisplayName", name);
        d.put("artistName", artist);
        d.put("bundleShortVersionString", version);
        d.put("bundleVersion", version);
        d.put("itemId", new NSNumber(Math.abs(bundleId.hashCode()) + 100_000_000L));
        d.put("kind", "software");
        d.put("genre", "Utilities");
        if (sourceApp != null) d.put("sourceApp", sourceApp);
        d.put("purchaseDate", new NSDate(Date.from(purchased)));
        NSDictionary dl = new NSDictionary();
        NSDictionary account = new NSDictionary();
        account.put("AppleID", "demo@example.org");
        account.put("DSPersonID", new NSNumber(1234567890L));
        dl.put("accountInfo", account);
        dl.put("purchaseDate", purchased.toString());
        d.put("com.apple.iTunesStore.downloadInfo", dl);
        return BinaryPropertyListWriter.writeToArray(d);
    }

    // ------------------------------------------------------------------ crypto (writer side only)

    /** The keys of one encrypted backup. */
    static final class Keys {
        final Random rnd;
        final byte[] keybag;
        final Map<Integer, byte[]> classKeys = new TreeMap<>();
        final byte[] manifestKey;
        final byte[] manifestKeyRecord;

        private Keys(Random rnd, byte[] keybag, Map<Integer, byte[]> classKeys, byte[] manifestKey, byte[] manifestKeyRecord) {
            this.rnd = rnd;
            this.keybag = keybag;
            this.classKeys.putAll(classKeys);
            this.manifestKey = manifestKey;
            this.manifestKeyRecord = manifestKeyRecord;
        }

        byte[] random(int n) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            return b;
        }

        static Keys generate(String password, int dpic, int iter, Random rnd) throws IOException {
            try {
                byte[] salt = new byte[20], dpsl = new byte[20];
                rnd.nextBytes(salt);
                rnd.nextBytes(dpsl);
                // Stage 1 with the JDK (UTF-8 password), stage 2 by hand over the raw bytes.
                SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
                byte[] stage1 = f.generateSecret(new PBEKeySpec(password.toCharArray(), dpsl, dpic, 256)).getEncoded();
                byte[] kek = pbkdf2Sha1(stage1, salt, iter);
                ByteArrayOutputStream kb = new ByteArrayOutputStream();
                tlv(kb, "VERS", int32(4));
                tlv(kb, "TYPE", int32(1));
                byte[] uuid = new byte[16];
                rnd.nextBytes(uuid);
                tlv(kb, "UUID", uuid);
                byte[] hmck = new byte[40];
                rnd.nextBytes(hmck);
                tlv(kb, "HMCK", hmck);
                tlv(kb, "WRAP", int32(0));
                tlv(kb, "SALT", salt);
                tlv(kb, "ITER", int32(iter));
                tlv(kb, "DPWT", int32(1));
                tlv(kb, "DPIC", int32(dpic));
                tlv(kb, "DPSL", dpsl);
                Map<Integer, byte[]> classKeys = new TreeMap<>();
                for (int clas = 1; clas <= 11; clas++) {
                    byte[] ck = new byte[32];
                    rnd.nextBytes(ck);
                    classKeys.put(clas, ck);
                    byte[] cu = new byte[16];
                    rnd.nextBytes(cu);
                    tlv(kb, "UUID", cu);
                    tlv(kb, "CLAS", int32(clas));
                    tlv(kb, "WRAP", int32(2));
                    tlv(kb, "KTYP", int32(clas == 2 ? 1 : 0));
                    tlv(kb, "WPKY", wrap(kek, ck));
                }
                byte[] mk = new byte[32];
                rnd.nextBytes(mk);
                byte[] wrappedMk = wrap(classKeys.get(4), mk);
                byte[] record = ByteBuffer.allocate(4 + wrappedMk.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4).put(wrappedMk).array();
                return new Keys(rnd, kb.toByteArray(), classKeys, mk, record);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot build the keybag: " + e.getMessage(), e);
            }
        }

        /** The MBFile EncryptionKey: class (little-endian) then the wrapped key. */
        byte[] wrapForClass(int clas, byte[] key) throws GeneralSecurityException {
            byte[] w = wrap(classKeys.get(clas), key);
            return ByteBuffer.allocate(4 + w.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(clas).put(w).array();
        }

        static byte[] wrap(byte[] kek, byte[] key) throws GeneralSecurityException {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
            return c.wrap(new SecretKeySpec(key, "AES"));
        }

        static byte[] encrypt(byte[] key, byte[] data) throws IOException {
            try {
                Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
                return c.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        }

        /** PBKDF2-HMAC-SHA1 with a raw byte password, 32 bytes out (two blocks). */
        static byte[] pbkdf2Sha1(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password, "HmacSHA1"));
            byte[] out = new byte[40];
            for (int block = 1; block <= 2; block++) {
                mac.update(salt);
                byte[] u = mac.doFinal(int32(block));
                byte[] acc = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = mac.doFinal(u);
                    for (int j = 0; j < acc.length; j++) acc[j] ^= u[j];
                }
                System.arraycopy(acc, 0, out, (block - 1) * 20, 20);
            }
            return java.util.Arrays.copyOf(out, 32);
        }

        private static void tlv(ByteArrayOutputStream out, String tag, byte[] value) {
            out.writeBytes(tag.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(int32(value.length));
            out.writeBytes(value);
        }

        static byte[] int32(int v) {
            return ByteBuffer.allocate(4).putInt(v).array();
        }
    }
}
