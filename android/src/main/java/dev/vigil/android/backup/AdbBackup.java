package dev.vigil.android.backup;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.evidence.ZipSource;
import dev.vigil.core.run.EvidenceException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.InflaterInputStream;

/**
 * Reads an adb backup ({@code adb backup}, ".ab"): the text header ("ANDROID BACKUP",
 * format version 1-5, compression flag, encryption "none" or "AES-256"), then for AES-256
 * the user-password salt, master-key checksum salt, PBKDF2 rounds, user IV and the
 * encrypted master-key blob; then the payload (AES-256-CBC under the master key, zlib
 * deflate when compressed) which is a tar archive. Everything is streamed: the decrypted tar
 * is never written anywhere, its files are kept in memory (bounded) in a {@link MemorySource}.
 *
 * <p>Key derivation follows Android's BackupManagerService: the user key is PBKDF2-HMAC-SHA1
 * (256 bits) of the password; the master-key checksum is PBKDF2 over the master key bytes
 * turned into chars one by one with sign extension ({@code (char) b}). From format version 2
 * on, the PBKDF2 implementation encodes those chars as UTF-8 (the JDK's
 * {@code PBKDF2WithHmacSHA1} does the same); version 1 used the low 8 bits of each char.
 */
public final class AdbBackup {
    public static final String MAGIC = "ANDROID BACKUP";
    /** Largest single file kept from a backup. */
    public static final long MAX_ENTRY = 256L << 20;
    /** Largest total kept in memory. */
    public static final long MAX_TOTAL = 1L << 30;
    static final int MAX_ROUNDS = 5_000_000;
    static final int MAX_HEADER_LINE = 4096;
    /** Most files kept from one backup. */
    public static final int MAX_FILES = 1_000_000;

    /** The parsed header. Key material is never kept in it. */
    public record Header(int version, boolean compressed, String encryption, int rounds) {
        public boolean encrypted() {
            return "AES-256".equals(encryption);
        }
    }

    /** The backup's files in memory, what was left out, and its header. */
    public record Contents(Header header, MemorySource files, List<String> skipped) {}

    private AdbBackup() {}

    /** True when the bytes start with the adb backup magic line. */
    public static boolean isBackup(byte[] head) {
        byte[] m = (MAGIC + "\n").getBytes(StandardCharsets.US_ASCII);
        return head.length >= m.length && Arrays.equals(Arrays.copyOf(head, m.length), m);
    }

    /**
     * Reads a whole backup from {@code raw}. {@code password} is asked only when the backup is
     * encrypted.
     *
     * @throws EvidenceException not an adb backup, unsupported, or the password is missing or wrong
     * @throws IOException       the stream could not be read or is truncated/corrupt
     */
    public static Contents read(InputStream raw, String location, Supplier<char[]> password) throws IOException, EvidenceException {
        String magic = line(raw);
        if (!MAGIC.equals(magic)) throw new EvidenceException(location + " is not an adb backup (no \"ANDROID BACKUP\" header)");
        int version = parseInt(line(raw), "format version", location);
        if (version < 1 || version > 5) throw new EvidenceException(location + ": unsupported adb backup format version " + version);
        int compressed = parseInt(line(raw), "compression flag", location);
        String enc = line(raw);
        InputStream payload = raw;
        int rounds = 0;
        if ("AES-256".equals(enc)) {
            byte[] userSalt = hex(line(raw), location);
            byte[] ckSalt = hex(line(raw), location);
            rounds = parseInt(line(raw), "PBKDF2 rounds", location);
            if (rounds < 1 || rounds > MAX_ROUNDS) throw new EvidenceException(location + ": implausible PBKDF2 round count " + rounds);
            byte[] userIv = hex(line(raw), location);
            byte[] mkBlob = hex(line(raw), location);
            char[] pw = password == null ? null : password.get();
            if (pw == null || pw.length == 0) {
                throw new EvidenceException(location + " is an encrypted adb backup: give its password (VIGIL_BACKUP_PASSWORD, --password-file or the prompt)");
            }
            try {
                byte[][] mk = unlock(pw, version, userSalt, ckSalt, rounds, userIv, mkBlob, location);
                Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(mk[1], "AES"), new IvParameterSpec(mk[0]));
                Arrays.fill(mk[1], (byte) 0);
                payload = new CipherInputStream(raw, c);
            } catch (GeneralSecurityException e) {
                throw new IOException(location + ": cannot set up AES-256 decryption: " + e.getMessage(), e);
            } finally {
                Arrays.fill(pw, '\0');
            }
        } else if (!"none".equals(enc)) {
            throw new EvidenceException(location + ": unsupported adb backup encryption \"" + enc + "\"");
        }
        if (compressed == 1) payload = new InflaterInputStream(payload);
        else if (compressed != 0) throw new EvidenceException(location + ": unknown compression flag " + compressed);
        Header header = new Header(version, compressed == 1, enc, rounds);
        MemorySource files = new MemorySource("android-backup", location, header.encrypted());
        List<String> skipped = new ArrayList<>();
        long total = 0;
        int count = 0;
        long skippedMore = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(payload)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) continue;
                String name = ZipSource.safeName(e.getName());
                if (name == null || name.isEmpty()) {
                    skipped.add(e.getName() + " (unsafe name)");
                    continue;
                }
                if (skipped.size() >= 1000) {
                    skippedMore++;
                    if (count >= MAX_FILES || e.getSize() > MAX_ENTRY || total + e.getSize() > MAX_TOTAL) continue;
                }
                if (count >= MAX_FILES) {
                    skipped.add(name + " (more than " + MAX_FILES + " files)");
                    continue;
                }
                if (e.getSize() > MAX_ENTRY || total + e.getSize() > MAX_TOTAL) {
                    skipped.add(name + " (" + e.getSize() + " bytes, over the in-memory limit)");
                    continue;
                }
                byte[] data = tar.readNBytes((int) e.getSize());
                if (data.length != e.getSize()) throw new IOException(location + ": truncated backup inside " + name);
                total += data.length;
                count++;
                files.put(name, data, e.getLastModifiedDate() == null ? null : e.getLastModifiedDate().toInstant());
            }
        } catch (java.util.zip.ZipException ze) {
            throw new IOException(location + ": corrupt compressed backup data: " + ze.getMessage(), ze);
        } catch (IOException e) {
            // commons-compress says only "Truncated TAR archive": name the backup.
            if (e.getMessage() != null && e.getMessage().startsWith(location)) throw e;
            throw new IOException(location + ": truncated or corrupt backup data: " + e.getMessage(), e);
        }
        if (skippedMore > 0) skipped.add("(and " + skippedMore + " more)");
        return new Contents(header, files, skipped);
    }

    /** Returns {iv, key} of the master key, or throws the wrong-password EvidenceException. */
    static byte[][] unlock(char[] pw, int version, byte[] userSalt, byte[] ckSalt, int rounds, byte[] userIv,
                           byte[] mkBlob, String location) throws GeneralSecurityException, EvidenceException {
        byte[] userKey = version == 1 ? pbkdf2(low8(pw), userSalt, rounds) : jdkPbkdf2(pw, userSalt, rounds);
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(userKey, "AES"), new IvParameterSpec(userIv));
        byte[] blob;
        try {
            blob = c.doFinal(mkBlob);
        } catch (BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw wrongPassword(location);
        }
        int p = 0;
        byte[][] parts = new byte[3][];
        for (int i = 0; i < 3; i++) {
            if (p >= blob.length) throw wrongPassword(location);
            int len = blob[p++] & 0xff;
            if (p + len > blob.length) throw wrongPassword(location);
            parts[i] = Arrays.copyOfRange(blob, p, p + len);
            p += len;
        }
        byte[] iv = parts[0], mk = parts[1], ck = parts[2];
        if (iv.length != 16 || mk.length != 32) throw wrongPassword(location);
        byte[] expect = checksum(mk, ckSalt, rounds, version);
        if (!MessageDigest.isEqual(expect, ck)) throw wrongPassword(location);
        return new byte[][] {iv, mk};
    }

    /** Android's master-key checksum (see the class comment for the char conversion quirk). */
    public static byte[] checksum(byte[] masterKey, byte[] salt, int rounds, int version) throws GeneralSecurityException {
        char[] mkAsChar = new char[masterKey.length];
        for (int i = 0; i < masterKey.length; i++) mkAsChar[i] = (char) masterKey[i];
        return version == 1 ? pbkdf2(low8(mkAsChar), salt, rounds) : jdkPbkdf2(mkAsChar, salt, rounds);
    }

    static byte[] jdkPbkdf2(char[] pw, byte[] salt, int rounds) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(pw, salt, rounds, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] low8(char[] cs) {
        byte[] b = new byte[cs.length];
        for (int i = 0; i < cs.length; i++) b[i] = (byte) cs[i];
        return b;
    }

    /** PBKDF2-HMAC-SHA1 over raw password bytes, 256-bit output (format version 1). */
    static byte[] pbkdf2(byte[] pw, byte[] salt, int rounds) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(pw.length == 0 ? new byte[1] : pw, "HmacSHA1"));
        byte[] out = new byte[32];
        int blocks = 2;
        for (int b = 1; b <= blocks; b++) {
            mac.update(salt);
            mac.update(new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
            byte[] u = mac.doFinal();
            byte[] t = u.clone();
            for (int i = 1; i < rounds; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < t.length; j++) t[j] ^= u[j];
            }
            int off = (b - 1) * 20;
            System.arraycopy(t, 0, out, off, Math.min(20, 32 - off));
        }
        return out;
    }

    private static EvidenceException wrongPassword(String location) {
        return new EvidenceException("Wrong password for the encrypted adb backup " + location + ".");
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("truncated adb backup header");
            if (b.size() >= MAX_HEADER_LINE) throw new IOException("adb backup header line too long");
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static int parseInt(String s, String what, String location) throws EvidenceException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new EvidenceException(location + ": bad " + what + " in the adb backup header: \"" + s + "\"");
        }
    }

    private static byte[] hex(String s, String location) throws EvidenceException {
        try {
            return HexFormat.of().parseHex(s.trim());
        } catch (IllegalArgumentException e) {
            throw new EvidenceException(location + ": bad hex field in the adb backup header");
        }
    }
}
