package dev.vigil.ios.backup;

import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.backup.BackupWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptoTest {
    static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        // RFC 6070 (PBKDF2-HMAC-SHA1)
        "HmacSHA1, password, salt, 1, 20, 0c60c80f961f0e71f3a9b524af6012062fe037a6",
        "HmacSHA1, password, salt, 2, 20, ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
        "HmacSHA1, password, salt, 4096, 20, 4b007901b765489abead49d926f721d065a429c1",
        "HmacSHA1, passwordPASSWORDpassword, saltSALTsaltSALTsaltSALTsaltSALTsalt, 4096, 25, 3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
        // PBKDF2-HMAC-SHA256 published vectors (same inputs as RFC 6070)
        "HmacSHA256, password, salt, 1, 32, 120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
        "HmacSHA256, password, salt, 2, 32, ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43",
        "HmacSHA256, password, salt, 4096, 32, c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
    })
    void pbkdf2KnownVectors(String alg, String pw, String salt, int iter, int len, String hex) {
        assertThat(HEX.formatHex(Pbkdf2.derive(alg, pw.getBytes(StandardCharsets.US_ASCII), salt.getBytes(StandardCharsets.US_ASCII), iter, len))).isEqualTo(hex);
    }

    @Test
    void pbkdf2WithNulBytes() {
        byte[] pw = "pass\0word".getBytes(StandardCharsets.US_ASCII);
        byte[] salt = "sa\0lt".getBytes(StandardCharsets.US_ASCII);
        assertThat(HEX.formatHex(Pbkdf2.derive("HmacSHA1", pw, salt, 4096, 16))).isEqualTo("56fa6aa75548099dcc37d7f03425e0c3");
    }

    @Test
    void pbkdf2AgreesWithTheJdkOnRandomUnicodePasswords() throws Exception {
        Random r = new Random(7);
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        for (int i = 0; i < 50; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(20);
            for (int j = 0; j < n; j++) sb.appendCodePoint(r.nextBoolean() ? 0x20 + r.nextInt(90) : 0xA0 + r.nextInt(0x3000));
            byte[] salt = new byte[1 + r.nextInt(32)];
            r.nextBytes(salt);
            int iter = 1 + r.nextInt(50);
            byte[] jdk = f.generateSecret(new PBEKeySpec(sb.toString().toCharArray(), salt, iter, 256)).getEncoded();
            byte[] ours = Pbkdf2.derive("HmacSHA256", Keybag.utf8(sb.toString().toCharArray()), salt, iter, 32);
            assertThat(ours).as(sb.toString()).isEqualTo(jdk);
        }
    }

    @Test
    void hmacAgreesWithJdkMacForLongKeysToo() throws Exception {
        Random r = new Random(3);
        for (String alg : new String[] {"HmacSHA1", "HmacSHA256"}) {
            for (int len : new int[] {0, 1, 32, 63, 64, 65, 200}) {
                byte[] key = new byte[len], salt = new byte[13];
                r.nextBytes(key);
                r.nextBytes(salt);
                // one iteration of PBKDF2 with a 1-block output is HMAC(key, salt || INT(1))
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance(alg);
                mac.init(len == 0 ? new javax.crypto.spec.SecretKeySpec(new byte[1], alg) : new javax.crypto.spec.SecretKeySpec(key, alg));
                if (len == 0) continue; // the JDK refuses empty HMAC keys
                mac.update(salt);
                byte[] expected = mac.doFinal(new byte[] {0, 0, 0, 1});
                assertThat(Pbkdf2.derive(alg, key, salt, 1, expected.length)).as(alg + " key " + len).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 3394 sections 4.1, 4.3, 4.6
        "000102030405060708090A0B0C0D0E0F, 00112233445566778899AABBCCDDEEFF, 1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5",
        "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F, 00112233445566778899AABBCCDDEEFF, 64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7",
        "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F, 00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F, 28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
    })
    void aesKeyWrapRfc3394(String kek, String key, String wrapped) throws Exception {
        assertThat(AesKeyWrap.unwrap(HEX.parseHex(kek), HEX.parseHex(wrapped))).isEqualTo(HEX.parseHex(key));
        byte[] bad = HEX.parseHex(wrapped);
        bad[9] ^= 1;
        assertThatThrownBy(() -> AesKeyWrap.unwrap(HEX.parseHex(kek), bad)).isInstanceOf(AesKeyWrap.IntegrityException.class);
        assertThatThrownBy(() -> AesKeyWrap.unwrap(HEX.parseHex(kek), new byte[7])).isInstanceOf(AesKeyWrap.IntegrityException.class);
    }

    private static Keybag demoKeybag(String pw) throws Exception {
        Map<String, byte[]> b = BackupWriter.of(new IosFiles().put("private/var/mobile/x", "x")).encrypted(pw, 50, 7).build();
        NSDictionary mp = (NSDictionary) PropertyListParser.parse(b.get("Manifest.plist"));
        return Keybag.parse(((NSData) mp.get("BackupKeyBag")).bytes());
    }

    @Test
    void keybagParsesAndUnlocks() throws Exception {
        Keybag kb = demoKeybag("secret");
        assertThat(kb.version()).isEqualTo(4);
        assertThat(kb.type()).isEqualTo(1);
        assertThat(kb.iterations()).isEqualTo(7);
        assertThat(kb.dpIterations()).isEqualTo(50);
        assertThat(kb.salt()).hasSize(20);
        assertThat(kb.dpSalt()).hasSize(20);
        assertThat(kb.classes()).hasSize(11);
        assertThat(kb.classes().get(3).wrap()).isEqualTo(2);
        assertThat(kb.classes().get(2).keyType()).isEqualTo(1);
        byte[] key = kb.deriveKey("secret".toCharArray());
        Map<Integer, byte[]> keys = kb.unlock(key);
        assertThat(keys).hasSize(11);
        assertThat(keys.values()).allSatisfy(k -> assertThat(k).hasSize(32));
        assertThatThrownBy(() -> kb.unlock(kb.deriveKey("Secret".toCharArray()))).isInstanceOf(AesKeyWrap.IntegrityException.class);
    }

    @Test
    void hostileKeybagsFailClearly() throws Exception {
        assertThatThrownBy(() -> Keybag.parse(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        byte[] tlv = {'V', 'E', 'R', 'S', 0x7f, 0, 0, 0, 1};
        assertThatThrownBy(() -> Keybag.parse(tlv)).hasMessageContaining("truncated");
        byte[] noSalt = {'V', 'E', 'R', 'S', 0, 0, 0, 4, 0, 0, 0, 3};
        assertThatThrownBy(() -> Keybag.parse(noSalt)).hasMessageContaining("no SALT/ITER");
        // ITER absurdly large: refused before deriving
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.writeBytes(new byte[] {'S', 'A', 'L', 'T', 0, 0, 0, 1, 9});
        o.writeBytes(new byte[] {'I', 'T', 'E', 'R', 0, 0, 0, 4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        Keybag kb = Keybag.parse(o.toByteArray());
        assertThatThrownBy(() -> kb.deriveKey("x".toCharArray())).hasMessageContaining("iterations");
    }
}
