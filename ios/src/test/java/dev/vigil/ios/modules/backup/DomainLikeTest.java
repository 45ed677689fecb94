package dev.vigil.ios.modules.backup;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written domain-name test of the manifest module agrees with the regular expression it replaced. */
class DomainLikeTest {
    private static final Pattern DOMAIN_LIKE = Pattern.compile("(?i)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,24}");

    @Test
    void agreesWithTheRegexOnRandomAndTrickyNames() {
        String[] tricky = {"a.bc", "evil.com", "x-.com", "-x.com", "a..com", ".com", "com", "a.b", "a.b1", "file-1.dat", "1.2.3.4",
                "sub.domain.example.org", "a." + "b".repeat(63) + ".com", "a." + "b".repeat(64) + ".com", "a." + "c".repeat(24),
                "a." + "c".repeat(25), "ex_ample.com", "ünï.com", "A.COM", "a-b-c.d-e.fg"};
        for (String s : tricky) assertThat(ManifestModule.domainLike(s, 0, s.length())).as(s).isEqualTo(DOMAIN_LIKE.matcher(s).matches());
        SplittableRandom rnd = new SplittableRandom(1);
        String alphabet = "ab-.0Z.";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = rnd.nextInt(1, 12);
            for (int k = 0; k < n; k++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            String s = b.toString();
            String padded = "x/" + s + "_y";
            assertThat(ManifestModule.domainLike(padded, 2, 2 + s.length())).as(s).isEqualTo(DOMAIN_LIKE.matcher(s).matches());
        }
    }
}
