package dev.vigil.android;

import dev.vigil.android.apk.ApkSigning;
import dev.vigil.android.modules.ApkSignatures;
import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.samples.android.AndroidQfBuilder;
import dev.vigil.samples.android.ApkBuilder;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApkSigningTest {
    static final ApkBuilder.Signer SIGNER = AndroidQfBuilder.TT_SIGNER;

    @Test
    void v2BlockAndV1SignatureGiveTheSignerCertificate() throws Exception {
        byte[] apk = ApkBuilder.apk("com.example.app", SIGNER);
        List<ApkSigning.Signer> v2 = ApkSigning.signingBlock(new SeekableInMemoryByteChannel(apk));
        assertThat(v2).singleElement().satisfies(s -> {
            assertThat(s.scheme()).isEqualTo("v2");
            assertThat(s.sha256()).isEqualTo(SIGNER.sha256());
            assertThat(s.sha1()).isEqualTo(SIGNER.sha1());
            assertThat(s.md5()).isEqualTo(SIGNER.md5());
            assertThat(s.signatureVerified()).isTrue();
        });
        var rec = ApkSignatures.record(new dev.vigil.core.evidence.EvidenceFile("apks/x.apk", apk.length, null), apk, null);
        assertThat(rec.get("signers").toString()).contains("scheme=v2").contains("scheme=v1").contains(SIGNER.sha256());
        assertThat(rec.str("package_name")).isEqualTo("x");
    }

    @Test
    void alteredSignedDataFailsVerification() throws Exception {
        byte[] apk = ApkBuilder.apk("com.example.app", SIGNER);
        // flip a byte inside the digest of the v2 signed data (just after "APK Sig Block" pair header)
        int magic = indexOf(apk, "APK Sig Block 42".getBytes(StandardCharsets.US_ASCII));
        int blockStart = findBlockStart(apk, magic);
        apk[blockStart + 8 + 8 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 10] ^= 1;
        assertThat(ApkSigning.signingBlock(new SeekableInMemoryByteChannel(apk))).singleElement()
                .satisfies(s -> assertThat(s.signatureVerified()).isFalse());
    }

    @Test
    void hostileBlocksFailClearly() throws Exception {
        byte[] apk = ApkBuilder.apk("com.example.app", SIGNER);
        int magic = indexOf(apk, "APK Sig Block 42".getBytes(StandardCharsets.US_ASCII));
        byte[] huge = apk.clone();
        // the size field before the magic claims more than the file
        for (int i = 0; i < 8; i++) huge[magic - 8 + i] = (byte) (i == 7 ? 0x7f : 0xff);
        assertThatThrownBy(() -> ApkSigning.signingBlock(new SeekableInMemoryByteChannel(huge))).isInstanceOf(IOException.class)
                .hasMessageContaining("signing block size");
        assertThatThrownBy(() -> ApkSigning.signingBlock(new SeekableInMemoryByteChannel(Arrays.copyOf(apk, 10))))
                .isInstanceOf(IOException.class);
        assertThat(ApkSigning.signingBlock(new SeekableInMemoryByteChannel(dev.vigil.samples.android.Zips.zip(Map.of("a", new byte[3]))))).isEmpty();
    }

    @Test
    void tamperedPackagesJsonCannotHideAKnownBadSigner() throws Exception {
        // packages.json claims another certificate for com.thetruth; the APK's real signer is a known-bad one
        byte[] apk = ApkBuilder.apk("com.thetruth", SIGNER);
        String pj = "[{\"name\":\"com.thetruth\",\"files\":[{\"path\":\"/data/app/base.apk\",\"local_name\":\"com.thetruth_base.apk\","
                + "\"certificate\":{\"Sha256\":\"" + "ab".repeat(32) + "\"}}],\"installer\":\"com.android.vending\"}]";
        MemorySource src = new MemorySource("androidqf", "mem", false).put("packages.json", pj.getBytes(StandardCharsets.UTF_8))
                .put("apks/com.thetruth_base.apk", apk);
        Indicators iocs = Indicators.of(new Indicator(IndicatorType.CERT_SHA256, SIGNER.sha256(), "Stalkerware: Test", "test", null));
        ModuleResult m = new CheckRunner(iocs, Map.of(), Duration.ofMinutes(1)).run(src, List.of(new ApkSignatures()), List.of()).modules().get(0);
        assertThat(m.status()).isEqualTo(ModuleStatus.OK);
        assertThat(m.records()).singleElement().satisfies(r -> {
            assertThat(r.get("matches_packages_json")).isEqualTo(false);
            assertThat(r.str("claimed_cert_sha256")).isEqualTo("ab".repeat(32));
        });
        assertThat(m.alerts()).extracting(Alert::level).containsExactly(Level.CRITICAL);
        assertThat(m.alerts().get(0).message()).contains("Stalkerware: Test");
        // without the indicator, the mismatch itself is HIGH
        ModuleResult plain = new CheckRunner(Indicators.empty(), Map.of(), Duration.ofMinutes(1)).run(src, List.of(new ApkSignatures()), List.of()).modules().get(0);
        assertThat(plain.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.HIGH);
            assertThat(a.message()).contains("differs from the certificate packages.json reports");
        });
    }

    @Test
    void corruptApkIsAModuleWarningNotACrash() throws Exception {
        MemorySource src = new MemorySource("androidqf", "mem", false).put("apks/bad.apk", "PK\3\4garbage".getBytes(StandardCharsets.US_ASCII))
                .put("apks/good.apk", ApkBuilder.apk("com.good", SIGNER));
        ModuleResult m = new CheckRunner(Indicators.empty(), Map.of(), Duration.ofMinutes(1)).run(src, List.of(new ApkSignatures()), List.of()).modules().get(0);
        assertThat(m.status()).isEqualTo(ModuleStatus.OK);
        assertThat(m.records()).hasSize(2);
        assertThat(m.records().get(0).str("error")).isNotNull();
        assertThat(m.warnings()).singleElement().satisfies(w -> assertThat(w).startsWith("apks/bad.apk: signatures unreadable"));
    }

    static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = a.length - b.length; i >= 0; i--) {
            for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
            return i;
        }
        return -1;
    }

    static int findBlockStart(byte[] apk, int magic) {
        long size = java.nio.ByteBuffer.wrap(apk, magic - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return (int) (magic + 16 - size - 8);
    }
}
