package dev.vigil.samples.android;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes adb backups as BackupManagerService does (format version 5, Android 7+): the
 * "ANDROID BACKUP" header, compression flag, encryption "none" or "AES-256" with hex user
 * salt, checksum salt, PBKDF2 rounds (10000), user IV and the master-key blob
 * ([len][IV][len][key][len][checksum] encrypted under the PBKDF2-HMAC-SHA1 user key), then
 * the tar of app files, deflated when compressed and AES-256-CBC encrypted under the master
 * key. The checksum is PBKDF2 over the master key bytes widened to chars with sign
 * extension, encoded as UTF-8 by PBKDF2WithHmacSHA1 (Android's behaviour since version 2).
 * Random values come from a seeded generator so fixtures are reproducible.
 */
public final class AdbBackupWriter {
    public enum Mode { PLAIN, COMPRESSED, ENCRYPTED }

    public static final int ROUNDS = 10_000;

    private AdbBackupWriter() {}

    /** The demo backup's files: the telephony provider's SMS and MMS backups. */
    public static Map<String, byte[]> demoFiles() throws IOException {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("apps/com.android.providers.telephony/_manifest", ("1\ncom.android.providers.telephony\n34\n14\n"
                + "com.android.providers.telephony.TelephonyBackupAgent\n0\n").getBytes(StandardCharsets.US_ASCII));
        String sms = "[{\"address\":\"+381601234567\",\"body\":\"Your parcel is waiting, confirm delivery: https://" + DemoAndroid.CAMPAIGN_DOMAIN
                + "/p/8812\",\"date\":\"1732021263000\",\"date_sent\":\"1732021262000\",\"status\":\"-1\",\"type\":\"1\",\"recipients\":[\"+381601234567\"],\"read\":\"1\"},"
                + "{\"address\":\"+381609876543\",\"body\":\"See you at 6\",\"date\":\"1732031263000\",\"date_sent\":\"0\",\"status\":\"-1\",\"type\":\"2\",\"read\":\"1\"},"
                + "{\"address\":\"+381605550000\",\"body\":\"Install the tracker from " + DemoAndroid.STALKERWARE_SITE
                + "/download to keep the kids safe\",\"date\":\"1732040000000\",\"type\":\"1\",\"read\":\"0\"}]";
        f.put("apps/com.android.providers.telephony/d_f/000000_sms_backup", deflate(sms.getBytes(StandardCharsets.UTF_8)));
        String mms = "[{\"mms_body\":\"Photo from the meeting\",\"date\":\"1732041000\",\"msg_box\":\"1\",\"type\":\"1\",\"address\":\"+381601112223\",\"read\":\"1\"}]";
        f.put("apps/com.android.providers.telephony/d_f/000000_mms_backup", deflate(mms.getBytes(StandardCharsets.UTF_8)));
        return f;
    }

    static byte[] deflate(byte[] b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(o)) {
            d.write(b);
        }
        return o.toByteArray();
    }

    public static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(o)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : files.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                te.setModTime(Date.from(Zips.TIME));
                te.setMode(0100600);
                t.putArchiveEntry(te);
                t.write(e.getValue());
                t.closeArchiveEntry();
            }
        }
        return o.toByteArray();
    }

    /** A whole .ab file. {@code password} is used only in ENCRYPTED mode (which is also compressed). */
    public static byte[] write(Map<String, byte[]> files, Mode mode, String password) throws IOException {
        byte[] tar = tar(files);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean compressed = mode != Mode.PLAIN;
        out.writeBytes(("ANDROID BACKUP\n5\n" + (compressed ? 1 : 0) + "\n").getBytes(StandardCharsets.US_ASCII));
        OutputStream payload = out;
        try {
            if (mode == Mode.ENCRYPTED) {
                Random rnd = new Random(0x5EED);
                byte[] userSalt = bytes(rnd, 64), ckSalt = bytes(rnd, 64), userIv = bytes(rnd, 16);
                byte[] mk = bytes(rnd, 32), mkIv = bytes(rnd, 16);
                byte[] userKey = pbkdf2(password.toCharArray(), userSalt);
                char[] mkAsChar = new char[mk.length];
                for (int i = 0; i < mk.length; i++) mkAsChar[i] = (char) mk[i];
                byte[] checksum = pbkdf2(mkAsChar, ckSalt);
                ByteArrayOutputStream blob = new ByteArrayOutputStream();
                blob.write(mkIv.length);
                blob.writeBytes(mkIv);
                blob.write(mk.length);
                blob.writeBytes(mk);
                blob.write(checksum.length);
                blob.writeBytes(checksum);
                Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(userKey, "AES"), new IvParameterSpec(userIv));
                byte[] encBlob = c.doFinal(blob.toByteArray());
                HexFormat h = HexFormat.of().withUpperCase();
                out.writeBytes(("AES-256\n" + h.formatHex(userSalt) + "\n" + h.formatHex(ckSalt) + "\n" + ROUNDS + "\n"
                        + h.formatHex(userIv) + "\n" + h.formatHex(encBlob) + "\n").getBytes(StandardCharsets.US_ASCII));
                Cipher data = Cipher.getInstance("AES/CBC/PKCS5Padding");
                data.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(mk, "AES"), new IvParameterSpec(mkIv));
                payload = new CipherOutputStream(out, data);
            } else {
                out.writeBytes("none\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        if (compressed) {
            try (DeflaterOutputStream d = new DeflaterOutputStream(payload)) {
                d.write(tar);
            }
        } else {
            payload.write(tar);
            payload.close();
        }
        return out.toByteArray();
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] pbkdf2(char[] pw, byte[] salt) throws GeneralSecurityException {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(new PBEKeySpec(pw, salt, ROUNDS, 256)).getEncoded();
    }
}
