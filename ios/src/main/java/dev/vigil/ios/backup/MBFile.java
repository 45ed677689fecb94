package dev.vigil.ios.backup;

import java.time.Instant;
import java.util.Map;

/**
 * The metadata of one backup entry, decoded from the NSKeyedArchiver blob in the
 * {@code file} column of Manifest.db (class MBFile).
 *
 * @param size            file size in bytes (plaintext size for encrypted backups), -1 when absent
 * @param mode            POSIX mode (0100644 for a file, 040755 for a folder)
 * @param encryptionKey   4-byte little-endian protection class then the RFC 3394 wrapped key, or null
 * @param protectionClass the data protection class, or -1
 */
public record MBFile(long size, int mode, long userId, long groupId, long inode, Instant birth, Instant lastModified,
                     Instant lastStatusChange, int protectionClass, byte[] encryptionKey, String target) {

    /** Decodes an MBFile blob. */
    public static MBFile decode(byte[] blob) throws KeyedArchive.FormatException {
        if (blob == null || blob.length == 0) throw new KeyedArchive.FormatException("empty MBFile record");
        Object root = KeyedArchive.decode(blob);
        if (!(root instanceof Map<?, ?> m)) throw new KeyedArchive.FormatException("MBFile record is not an object");
        Object key = m.get("EncryptionKey");
        Object target = m.get("Target");
        return new MBFile(num(m.get("Size"), -1), (int) num(m.get("Mode"), 0), num(m.get("UserID"), -1),
                num(m.get("GroupID"), -1), num(m.get("InodeNumber"), -1), time(m.get("Birth")),
                time(m.get("LastModified")), time(m.get("LastStatusChange")), (int) num(m.get("ProtectionClass"), -1),
                key instanceof byte[] b ? b : null, target instanceof String s ? s : null);
    }

    private static long num(Object o, long dflt) {
        return o instanceof Number n ? n.longValue() : dflt;
    }

    private static Instant time(Object o) {
        if (o instanceof Instant i) return i;
        if (o instanceof Number n && n.longValue() > 0) {
            try {
                return Instant.ofEpochSecond(n.longValue());
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }
        return null;
    }

    /** The protection class named in the encryption key (little-endian), or -1. */
    public int keyClass() {
        if (encryptionKey == null || encryptionKey.length < 4) return -1;
        return (encryptionKey[0] & 0xff) | (encryptionKey[1] & 0xff) << 8 | (encryptionKey[2] & 0xff) << 16 | (encryptionKey[3] & 0xff) << 24;
    }

    /** The wrapped per-file key (without its class prefix), or null. */
    public byte[] wrappedKey() {
        if (encryptionKey == null || encryptionKey.length < 4 + 24) return null;
        return java.util.Arrays.copyOfRange(encryptionKey, 4, encryptionKey.length);
    }

    public boolean isDirectory() {
        return (mode & 0170000) == 0040000;
    }

    public boolean isSymlink() {
        return (mode & 0170000) == 0120000;
    }
}
