package dev.vigil.ios.backup;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * PBKDF2 (RFC 8018) over a raw byte[] password, on top of {@link Mac}. The JDK's
 * SecretKeyFactory only accepts char[] passwords, but the second stage of the iOS backup key
 * derivation feeds the 32 raw bytes of the first stage in as the password.
 */
public final class Pbkdf2 {
    private Pbkdf2() {}

    /**
     * Derives {@code length} bytes.
     *
     * @param algorithm "HmacSHA256" or "HmacSHA1"
     */
    public static byte[] derive(String algorithm, byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1) throw new IllegalArgumentException("iterations must be positive, got " + iterations);
        if (length < 1 || length > 1024) throw new IllegalArgumentException("bad key length " + length);
        try {
            Mac mac = Mac.getInstance(algorithm);
            // An empty password is legal in PBKDF2 but SecretKeySpec refuses empty keys.
            mac.init(password.length == 0 ? new EmptyKey(algorithm) : new SecretKeySpec(password, algorithm));
            int hLen = mac.getMacLength();
            int blocks = (length + hLen - 1) / hLen;
            byte[] out = new byte[blocks * hLen];
            byte[] u = new byte[hLen];
            byte[] t = new byte[hLen];
            for (int block = 1; block <= blocks; block++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, hLen);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < hLen; j++) t[j] ^= u[j];
                }
                System.arraycopy(t, 0, out, (block - 1) * hLen, hLen);
            }
            Arrays.fill(u, (byte) 0);
            Arrays.fill(t, (byte) 0);
            byte[] result = Arrays.copyOf(out, length);
            Arrays.fill(out, (byte) 0);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 with " + algorithm + " is not available", e);
        }
    }

    /** A zero-length HMAC key (SecretKeySpec refuses one). */
    private record EmptyKey(String algorithm) implements javax.crypto.SecretKey {
        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }
}
