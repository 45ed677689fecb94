package dev.vigil.samples.android;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes APKs signed like apksigner does: a v1 JAR signature (META-INF/MANIFEST.MF, CERT.SF,
 * CERT.RSA holding a PKCS#7 SignedData) and an APK Signing Block (APK Signature Scheme v2,
 * block id 0x7109871a) inserted before the central directory, with the chunked SHA-256
 * content digests, the signer's certificate and an RSA PKCS#1 v1.5 SHA-256 signature over
 * the signed data. The certificate is self-signed and generated with BouncyCastle bcpkix:
 * the JDK has no public API to issue an X.509 certificate or to build PKCS#7.
 */
public final class ApkBuilder {
    public static final int V2_BLOCK_ID = 0x7109871a;
    public static final int RSA_PKCS1_SHA256 = 0x0103;
    static final byte[] MAGIC = "APK Sig Block 42".getBytes(StandardCharsets.US_ASCII);

    /** A signing identity. */
    public record Signer(KeyPair keys, X509Certificate certificate) {
        public String sha256() {
            return hex("SHA-256", certificate);
        }

        public String sha1() {
            return hex("SHA-1", certificate);
        }

        public String md5() {
            return hex("MD5", certificate);
        }

        private static String hex(String alg, X509Certificate c) {
            try {
                return java.util.HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(c.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private ApkBuilder() {}

    /** A new RSA-2048 key and self-signed certificate "CN=name". */
    public static Signer signer(String name, long seed) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            g.initialize(2048, r);
            KeyPair kp = g.generateKeyPair();
            X500Name dn = new X500Name("CN=" + name + ", O=Vigil test fixture");
            Date from = Date.from(java.time.Instant.parse("2020-01-01T00:00:00Z"));
            Date to = Date.from(java.time.Instant.parse("2050-01-01T00:00:00Z"));
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(dn, BigInteger.valueOf(seed & 0x7fffffffL), from, to, dn, kp.getPublic());
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            return new Signer(kp, cert);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a test certificate", e);
        }
    }

    /** An APK for {@code pkg} signed (v1 and v2) by {@code signer}. */
    public static byte[] apk(String pkg, Signer signer) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("AndroidManifest.xml", ("<manifest package=\"" + pkg + "\"/>").getBytes(StandardCharsets.UTF_8));
        entries.put("classes.dex", ("dex\n035\0" + pkg).getBytes(StandardCharsets.UTF_8));
        entries.put("resources.arsc", new byte[64]);
        try {
            addV1(entries, signer);
            byte[] zip = Zips.zip(entries);
            return insertV2(zip, signer);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cms.CMSException e) {
            throw new IOException("cannot sign the test APK", e);
        }
    }

    private static void addV1(Map<String, byte[]> entries, Signer s) throws GeneralSecurityException, IOException,
            org.bouncycastle.operator.OperatorCreationException, org.bouncycastle.cms.CMSException {
        StringBuilder mf = new StringBuilder("Manifest-Version: 1.0\r\nCreated-By: vigil-samples\r\n\r\n");
        for (var e : entries.entrySet()) {
            mf.append("Name: ").append(e.getKey()).append("\r\nSHA-256-Digest: ")
                    .append(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(e.getValue()))).append("\r\n\r\n");
        }
        byte[] manifest = mf.toString().getBytes(StandardCharsets.UTF_8);
        String sf = "Signature-Version: 1.0\r\nX-Android-APK-Signed: 2\r\nSHA-256-Digest-Manifest: "
                + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(manifest)) + "\r\n\r\n";
        byte[] sfBytes = sf.getBytes(StandardCharsets.UTF_8);
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build()).setDirectSignature(true)
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(s.keys().getPrivate()), s.certificate()));
        gen.addCertificates(new JcaCertStore(List.of(s.certificate())));
        byte[] pkcs7 = gen.generate(new CMSProcessableByteArray(sfBytes), false).getEncoded();
        entries.put("META-INF/MANIFEST.MF", manifest);
        entries.put("META-INF/CERT.SF", sfBytes);
        entries.put("META-INF/CERT.RSA", pkcs7);
    }

    static byte[] insertV2(byte[] zip, Signer s) throws GeneralSecurityException, IOException {
        int eocd = eocdOffset(zip);
        ByteBuffer e = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int cdOffset = e.getInt(eocd + 16);
        int cdSize = e.getInt(eocd + 12);
        byte[] entries = java.util.Arrays.copyOfRange(zip, 0, cdOffset);
        byte[] cd = java.util.Arrays.copyOfRange(zip, cdOffset, cdOffset + cdSize);
        byte[] eocdBytes = java.util.Arrays.copyOfRange(zip, eocd, zip.length);
        // Content digest: EOCD with the central directory offset pointing at the signing block (= cdOffset).
        byte[] digest = contentDigest(List.of(entries, cd, eocdBytes));
        byte[] certDer = s.certificate().getEncoded();
        byte[] signedData = concat(
                lp(lp(concat(u32(RSA_PKCS1_SHA256), lp(digest)))),
                lp(lp(certDer)),
                lp(new byte[0]));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(s.keys().getPrivate());
        sig.update(signedData);
        byte[] signature = sig.sign();
        byte[] signer = concat(lp(signedData), lp(lp(concat(u32(RSA_PKCS1_SHA256), lp(signature)))), lp(s.keys().getPublic().getEncoded()));
        byte[] v2 = lp(lp(signer));
        byte[] pair = concat(u32(V2_BLOCK_ID), v2);
        byte[] pairs = concat(u64(pair.length), pair);
        long size = pairs.length + 8 + 16;
        byte[] block = concat(u64(size), pairs, u64(size), MAGIC);
        byte[] newEocd = eocdBytes.clone();
        ByteBuffer.wrap(newEocd).order(ByteOrder.LITTLE_ENDIAN).putInt(16, cdOffset + block.length);
        return concat(entries, block, cd, newEocd);
    }

    static int eocdOffset(byte[] zip) throws IOException {
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 5 && zip[i + 3] == 6) return i;
        }
        throw new IOException("no end of central directory");
    }

    /** APK v2 chunked digest: SHA-256 over 0x5a | count | each 1 MiB chunk's (0xa5 | len | bytes) digest. */
    static byte[] contentDigest(List<byte[]> sections) throws GeneralSecurityException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        int count = 0;
        for (byte[] sec : sections) {
            for (int off = 0; off < sec.length; off += 1 << 20) {
                int len = Math.min(1 << 20, sec.length - off);
                md.update((byte) 0xa5);
                md.update(u32(len));
                md.update(sec, off, len);
                chunks.writeBytes(md.digest());
                count++;
            }
        }
        md.update((byte) 0x5a);
        md.update(u32(count));
        md.update(chunks.toByteArray());
        return md.digest();
    }

    static byte[] lp(byte[] b) {
        return concat(u32(b.length), b);
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
