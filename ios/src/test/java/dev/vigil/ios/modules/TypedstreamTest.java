package dev.vigil.ios.modules;

import dev.vigil.samples.ios.artifacts.SmsDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TypedstreamTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 300, 70_000})
    void decodesEveryLengthEncoding(int n) {
        String text = "é".repeat(n / 2) + "x".repeat(n % 2);
        assertThat(Typedstream.string(SmsDb.typedstream(text))).isEqualTo(text);
    }

    @Test
    void truncatedOrCorruptBlobsGiveNullNeverAnException() {
        String text = "https://example.com/" + "a".repeat(200);
        byte[] good = SmsDb.typedstream(text);
        int textEnd = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(text) + text.length();
        for (int cut = 0; cut < good.length; cut++) {
            String s = Typedstream.string(Arrays.copyOf(good, cut));
            // A cut blob decodes only when the whole text is still there, and then to the whole text.
            if (cut < textEnd) assertThat(s).as("cut at " + cut).isNull();
            else assertThat(s).isEqualTo(text);
        }
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] b = good.clone();
            for (int k = 0; k < 4; k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            Typedstream.string(b); // must not throw
        }
        assertThat(Typedstream.string(null)).isNull();
        assertThat(Typedstream.string(new byte[] {1, 2, 3})).isNull();
    }

    @Test
    void hugeLengthFieldIsRejected() {
        byte[] good = SmsDb.typedstream("hi");
        int plus = indexOfPlus(good);
        byte[] b = Arrays.copyOf(good, plus + 6);
        b[plus + 1] = (byte) 0x82;
        b[plus + 2] = b[plus + 3] = b[plus + 4] = (byte) 0xff;
        b[plus + 5] = 0x7f;
        assertThat(Typedstream.string(b)).isNull();
    }

    private static int indexOfPlus(byte[] b) {
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        return s.indexOf('+', s.indexOf("NSString"));
    }
}
