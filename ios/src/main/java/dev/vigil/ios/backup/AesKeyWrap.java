package dev.vigil.ios.backup;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;

/** RFC 3394 AES key unwrapping, through the JDK's "AESWrap" cipher. */
public final class AesKeyWrap {
    private AesKeyWrap() {}

    /** Thrown when the integrity check of RFC 3394 fails: the wrapping key is wrong. */
    public static final class IntegrityException extends Exception {
        IntegrityException(String message) {
            super(message);
        }
    }

    /**
     * Unwraps {@code wrapped} (a multiple of 8 bytes, at least 24) with the key-encryption key.
     *
     * @throws IntegrityException when the key-encryption key is not the one that wrapped it
     */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) throws IntegrityException {
        if (wrapped == null || wrapped.length < 24 || wrapped.length % 8 != 0 || wrapped.length > 520) {
            throw new IntegrityException("a wrapped key must be 24 to 520 bytes in multiples of 8, got "
                    + (wrapped == null ? "none" : wrapped.length));
        }
        if (kek.length != 16 && kek.length != 24 && kek.length != 32) {
            throw new IntegrityException("bad key-encryption key length " + kek.length);
        }
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
            Key k = c.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
            return k.getEncoded();
        } catch (InvalidKeyException e) {
            throw new IntegrityException("RFC 3394 integrity check failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AESWrap is not available in this Java runtime", e);
        }
    }
}
