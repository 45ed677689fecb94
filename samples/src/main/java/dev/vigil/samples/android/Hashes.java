package dev.vigil.samples.android;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

final class Hashes {
    private Hashes() {}

    static String hex(String alg, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
