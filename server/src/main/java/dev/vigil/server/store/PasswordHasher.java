package dev.vigil.server.store;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Password hashes for web app accounts: PBKDF2-HMAC-SHA256 from the JDK, 600,000 iterations
 * (OWASP's 2023 figure for this function), 16-byte random salt, 32-byte key, stored as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64). Chosen over Argon2 to need no extra
 * library: the JDK provides it on every platform, it is FIPS-approved, and the store records
 * the iteration count so it can be raised later. Verification is constant-time.
 */
public final class PasswordHasher {
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final int iterations;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** A hasher with another cost (tests use a low one to stay fast). */
    public PasswordHasher(int iterations) {
        if (iterations < 1000) throw new IllegalArgumentException("too few iterations");
        this.iterations = iterations;
    }

    public String hash(char[] password) {
        if (password == null || password.length < 8) throw new IllegalArgumentException("a password has at least 8 characters");
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        return "pbkdf2-sha256$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(key);
    }

    public static boolean verify(char[] password, String stored) {
        if (password == null || stored == null) return false;
        String[] p = stored.split("\\$");
        if (p.length != 4 || !"pbkdf2-sha256".equals(p[0])) return false;
        try {
            int it = Integer.parseInt(p[1]);
            if (it < 1000 || it > 50_000_000) return false;
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] want = Base64.getDecoder().decode(p[3]);
            byte[] got = derive(password, salt, it);
            return MessageDigest.isEqual(want, got);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
        }
    }

    static void wipe(char[] c) {
        if (c != null) Arrays.fill(c, '\0');
    }
}
