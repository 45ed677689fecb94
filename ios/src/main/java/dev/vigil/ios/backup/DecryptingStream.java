package dev.vigil.ios.backup;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * AES-256-CBC (zero IV) decryption of a backup file as a stream, in memory only. With a
 * known plaintext size the output is cut to it (which drops the PKCS#7 padding); without,
 * the PKCS#7 padding is removed at the end.
 */
final class DecryptingStream extends InputStream {
    private final InputStream in;
    private final Cipher cipher;
    private final long size;
    private final String what;
    private final byte[] inBuf = new byte[64 * 1024];
    private byte[] out = new byte[0];
    private int outPos;
    private long emitted;
    private boolean eof;

    DecryptingStream(InputStream in, byte[] key, long size, String what) throws IOException {
        this.in = in;
        this.size = size;
        this.what = what;
        try {
            cipher = Cipher.getInstance(size >= 0 ? "AES/CBC/NoPadding" : "AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + what + ": " + e.getMessage(), e);
        }
    }

    private boolean fill() throws IOException {
        while (outPos >= out.length) {
            if (eof) return false;
            int n = in.read(inBuf);
            try {
                if (n < 0) {
                    eof = true;
                    out = cipher.doFinal();
                } else {
                    byte[] o = cipher.update(inBuf, 0, n);
                    out = o == null ? new byte[0] : o;
                }
            } catch (GeneralSecurityException e) {
                throw new IOException(what + " does not decrypt (truncated or not encrypted with its key): " + e.getMessage(), e);
            }
            outPos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (size >= 0 && emitted >= size) return -1;
        if (!fill()) {
            if (size >= 0 && emitted < size) throw new IOException(what + " is truncated: " + emitted + " of " + size + " bytes");
            return -1;
        }
        int n = Math.min(len, out.length - outPos);
        if (size >= 0) n = (int) Math.min(n, size - emitted);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        emitted += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        Arrays.fill(out, (byte) 0);
        in.close();
    }
}
