package dev.vigil.android.apk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the signers of an APK without trusting anything else: the APK Signing Block
 * (APK Signature Scheme v2, id 0x7109871a, and v3, id 0xf05368c0) found just before the zip
 * central directory ("APK Sig Block 42" magic), and the v1 JAR signature
 * (META-INF/*.RSA|DSA|EC, a PKCS#7 SignedData read with the JDK's CertificateFactory).
 * For v2/v3 the signer's signature over its signed data is verified with its public key
 * (so a certificate pasted into the block without the key is told apart); the whole-file
 * content digests are not recomputed. Every length is checked against its enclosing block.
 */
public final class ApkSigning {
    public static final int V2 = 0x7109871a;
    public static final int V3 = 0xf05368c0;
    public static final int V31 = 0x1b93ad61;
    static final byte[] MAGIC = "APK Sig Block 42".getBytes(StandardCharsets.US_ASCII);
    static final long MAX_BLOCK = 64L << 20;

    /** One signer certificate as found in a scheme. */
    public record Signer(String scheme, X509Certificate certificate, String sha256, String sha1, String md5, Boolean signatureVerified) {}

    private ApkSigning() {}

    /** Signers from the APK Signing Block (v2, v3, v3.1); empty when the APK has no block. */
    public static List<Signer> signingBlock(SeekableByteChannel ch) throws IOException {
        long size = ch.size();
        if (size < 22) throw new IOException("too small to be an APK");
        int tail = (int) Math.min(size, 65_557);
        ByteBuffer t = read(ch, size - tail, tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (t.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw new IOException("no zip end-of-central-directory record");
        long cdOffset = t.getInt(eocd + 16) & 0xffffffffL;
        if (cdOffset < 32 || cdOffset > size) return List.of();
        ByteBuffer footer = read(ch, cdOffset - 24, 24);
        byte[] magic = new byte[16];
        footer.position(8);
        footer.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) return List.of();
        long blockSize = footer.getLong(0);
        if (blockSize < 24 || blockSize > MAX_BLOCK || blockSize + 8 > cdOffset) throw new IOException("APK signing block size " + blockSize + " is invalid");
        ByteBuffer block = read(ch, cdOffset - blockSize - 8, (int) (blockSize + 8));
        if (block.getLong(0) != blockSize) throw new IOException("APK signing block sizes disagree");
        ByteBuffer pairs = slice(block, 8, (int) blockSize - 24);
        List<Signer> out = new ArrayList<>();
        while (pairs.remaining() > 0) {
            if (pairs.remaining() < 12) throw new IOException("truncated APK signing block pair");
            long len = pairs.getLong();
            if (len < 4 || len > pairs.remaining()) throw new IOException("APK signing block pair length " + len + " is invalid");
            int id = pairs.getInt();
            ByteBuffer value = slice(pairs, pairs.position(), (int) len - 4);
            pairs.position(pairs.position() + (int) len - 4);
            String scheme = id == V2 ? "v2" : id == V3 ? "v3" : id == V31 ? "v3.1" : null;
            if (scheme != null) out.addAll(signers(scheme, value));
        }
        return out;
    }

    private static List<Signer> signers(String scheme, ByteBuffer value) throws IOException {
        List<Signer> out = new ArrayList<>();
        ByteBuffer list = lp(value);
        int n = 0;
        while (list.hasRemaining()) {
            if (++n > 64) throw new IOException("too many signers");
            ByteBuffer signer = lp(list);
            ByteBuffer signedData = lp(signer);
            ByteBuffer signedDataCopy = signedData.duplicate();
            boolean v3 = !scheme.equals("v2");
            if (v3) {
                need(signer, 8);
                signer.getInt();
                signer.getInt();
            }
            ByteBuffer signatures = lp(signer);
            ByteBuffer publicKey = lp(signer);
            // signed data: digests, certificates, [minSdk, maxSdk], attributes
            lp(signedData);
            ByteBuffer certs = lp(signedData);
            List<X509Certificate> xs = new ArrayList<>();
            while (certs.hasRemaining()) xs.add(certificate(bytes(lp(certs))));
            Boolean verified = verify(signatures, publicKey, signedDataCopy);
            for (X509Certificate c : xs) out.add(signer(scheme, c, verified));
        }
        return out;
    }

    private static Boolean verify(ByteBuffer signatures, ByteBuffer publicKey, ByteBuffer signedData) {
        try {
            byte[] pk = bytes(publicKey);
            byte[] data = bytes(signedData);
            while (signatures.hasRemaining()) {
                ByteBuffer s = lp(signatures);
                need(s, 4);
                int alg = s.getInt();
                byte[] sig = bytes(lp(s));
                String[] js = switch (alg) {
                    case 0x0101 -> new String[] {"RSASSA-PSS", "RSA"};
                    case 0x0103 -> new String[] {"SHA256withRSA", "RSA"};
                    case 0x0104 -> new String[] {"SHA512withRSA", "RSA"};
                    case 0x0201 -> new String[] {"SHA256withECDSA", "EC"};
                    case 0x0202 -> new String[] {"SHA512withECDSA", "EC"};
                    case 0x0301 -> new String[] {"SHA256withDSA", "DSA"};
                    default -> null;
                };
                if (js == null) continue;
                PublicKey key = KeyFactory.getInstance(js[1]).generatePublic(new X509EncodedKeySpec(pk));
                Signature v = Signature.getInstance(js[0]);
                if (alg == 0x0101) v.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
                v.initVerify(key);
                v.update(data);
                return v.verify(sig);
            }
            return null;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** Signers of the v1 JAR signature: the certificates in a META-INF/*.RSA|DSA|EC PKCS#7 file. */
    public static List<Signer> jarSignature(byte[] pkcs7) throws IOException {
        try {
            List<Signer> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pkcs7))) {
                if (c instanceof X509Certificate x) out.add(signer("v1", x, null));
                if (out.size() > 64) break;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable PKCS#7 signature: " + e.getMessage(), e);
        }
    }

    static Signer signer(String scheme, X509Certificate c, Boolean verified) throws IOException {
        try {
            byte[] der = c.getEncoded();
            HexFormat h = HexFormat.of();
            return new Signer(scheme, c, h.formatHex(MessageDigest.getInstance("SHA-256").digest(der)),
                    h.formatHex(MessageDigest.getInstance("SHA-1").digest(der)), h.formatHex(MessageDigest.getInstance("MD5").digest(der)), verified);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static X509Certificate certificate(byte[] der) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("unreadable signer certificate: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(SeekableByteChannel ch, long pos, int len) throws IOException {
        if (pos < 0) throw new IOException("offset before the start of the file");
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        ch.position(pos);
        while (b.hasRemaining()) if (ch.read(b) < 0) throw new IOException("truncated APK");
        b.flip();
        return b;
    }

    private static ByteBuffer slice(ByteBuffer b, int off, int len) throws IOException {
        if (off < 0 || len < 0 || off + len > b.limit()) throw new IOException("APK signing block field out of bounds");
        return b.duplicate().position(off).limit(off + len).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A uint32-length-prefixed field. */
    private static ByteBuffer lp(ByteBuffer b) throws IOException {
        need(b, 4);
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) throw new IOException("length-prefixed field of " + len + " bytes runs past its block");
        ByteBuffer out = b.slice(b.position(), len).order(ByteOrder.LITTLE_ENDIAN);
        b.position(b.position() + len);
        return out;
    }

    private static void need(ByteBuffer b, int n) throws IOException {
        if (b.remaining() < n) throw new IOException("truncated APK signing block");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
