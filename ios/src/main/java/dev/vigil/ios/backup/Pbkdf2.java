package dev.vigil.ios.backup;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * PBKDF2 (RFC 8018) over a raw byte[] password. The JDK's SecretKeyFactory only accepts
 * char[] passwords, but the second stage of the iOS backup key derivation feeds the 32 raw
 * bytes of the first stage in as the password.
 *
 * <p>HMAC (RFC 2104) is computed from digests whose inner and outer pad blocks are absorbed
 * once and then cloned for each iteration: two compressions per iteration instead of the
 * four of {@link javax.crypto.Mac}, which matters with the 10,000,000 iterations of real
 * backups. The tests check it against {@code Mac} and the RFC 6070 vectors.
 */
public final class Pbkdf2 {
    private static final int BLOCK = 64; // SHA-1 and SHA-256 block size

    private Pbkdf2() {}

    /**
     * Derives {@code length} bytes.
     *
     * @param algorithm "HmacSHA256" or "HmacSHA1"
     */
    public static byte[] derive(String algorithm, byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1) throw new IllegalArgumentException("iterations must be positive, got " + iterations);
        if (length < 1 || length > 1024) throw new IllegalArgumentException("bad key length " + length);
        String digest = switch (algorithm) {
            case "HmacSHA256" -> "SHA-256";
            case "HmacSHA1" -> "SHA-1";
            default -> throw new IllegalArgumentException("unsupported PBKDF2 hash " + algorithm);
        };
        try {
            MessageDigest md = MessageDigest.getInstance(digest);
            int hLen = md.getDigestLength();
            byte[] key = password.length > BLOCK ? md.digest(password) : password.clone();
            byte[] ipad = new byte[BLOCK], opad = new byte[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                byte k = i < key.length ? key[i] : 0;
                ipad[i] = (byte) (k ^ 0x36);
                opad[i] = (byte) (k ^ 0x5c);
            }
            MessageDigest inner = (MessageDigest) md.clone();
            inner.reset();
            inner.update(ipad);
            MessageDigest outer = (MessageDigest) md.clone();
            outer.reset();
            outer.update(opad);
            Arrays.fill(key, (byte) 0);
            Arrays.fill(ipad, (byte) 0);
            Arrays.fill(opad, (byte) 0);

            int blocks = (length + hLen - 1) / hLen;
            byte[] out = new byte[blocks * hLen];
            byte[] u = new byte[hLen];
            byte[] t = new byte[hLen];
            for (int block = 1; block <= blocks; block++) {
                MessageDigest x = (MessageDigest) inner.clone();
                x.update(salt);
                x.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                x.digest(u, 0, hLen);
                MessageDigest y = (MessageDigest) outer.clone();
                y.update(u);
                y.digest(u, 0, hLen);
                System.arraycopy(u, 0, t, 0, hLen);
                for (int i = 1; i < iterations; i++) {
                    x = (MessageDigest) inner.clone();
                    x.update(u);
                    x.digest(u, 0, hLen);
                    y = (MessageDigest) outer.clone();
                    y.update(u);
                    y.digest(u, 0, hLen);
                    for (int j = 0; j < hLen; j++) t[j] ^= u[j];
                }
                System.arraycopy(t, 0, out, (block - 1) * hLen, hLen);
            }
            Arrays.fill(u, (byte) 0);
            Arrays.fill(t, (byte) 0);
            byte[] result = Arrays.copyOf(out, length);
            Arrays.fill(out, (byte) 0);
            return result;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException("PBKDF2 with " + algorithm + " is not available", e);
        }
    }
}
