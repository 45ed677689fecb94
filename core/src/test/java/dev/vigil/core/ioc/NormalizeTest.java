package dev.vigil.core.ioc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizeTest {
    @ParameterizedTest
    @CsvSource({
        "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
        "2001:DB8::1, 2001:db8::1",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "1:0:0:2:3:0:0:4, 1::2:3:0:0:4",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1:0:3:4:5:6:7:8, 1:0:3:4:5:6:7:8",
        "fe80::1%en0, fe80::1",
        "::ffff:1.2.3.4, 1.2.3.4",
        "64:ff9b::1.2.3.4, 64:ff9b::102:304",
    })
    void ipv6Canonical(String in, String out) {
        assertThat(Normalize.ipv6(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:::2", "12345::", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:", "g::1", "1.2.3.4", "", "::1.2.3", "١::"})
    void ipv6Invalid(String in) {
        assertThat(Normalize.ipv6(in)).isNull();
    }

    @Test
    void ipv4AsBrowsersReadIt() {
        assertThat(Normalize.ipv4("1.2.3.4", 0, 7)).isEqualTo(0x01020304L);
        assertThat(Normalize.ipv4("evil.com", 0, 8)).isEqualTo(-1);
        assertThat(Normalize.ipv4("1.2.3.256", 0, 9)).isEqualTo(-2);
        assertThat(Normalize.ipv4("1.2.3.4.5", 0, 9)).isEqualTo(-2);
        assertThat(Normalize.ipv4("0x7f.1", 0, 6)).isEqualTo(0x7f000001L);
        assertThat(Normalize.ipv4("4294967295", 0, 10)).isEqualTo(0xffffffffL);
        assertThat(Normalize.ipv4("4294967296", 0, 10)).isEqualTo(-2);
        assertThat(Normalize.ipv4("09.1.1.1", 0, 8)).isEqualTo(-2); // 9 is no octal digit
        assertThat(Normalize.ipv4("a.09", 0, 4)).isEqualTo(-2);
        assertThat(Normalize.ipv4("١.٢.٣.٤", 0, 7)).isEqualTo(-1); // other scripts' digits are not numbers
        assertThat(Normalize.ip("010.001.002.003")).isEqualTo("10.1.2.3"); // dotted quad: decimal with leading zeros
        assertThat(Normalize.isDottedQuad("1.2.3")).isFalse();
    }

    @Test
    void hosts() {
        assertThat(Normalize.host("User@EXAMPLE.com.:8080")).isEqualTo("example.com");
        assertThat(Normalize.host("[2001:db8::1]")).isEqualTo("2001:db8::1");
        assertThat(Normalize.host("bücher.de")).isEqualTo("xn--bcher-kva.de");
        assertThat(Normalize.host("%65xample.com")).isEqualTo("example.com");
        assertThat(Normalize.host("%zz.com")).isNull();
        assertThat(Normalize.host("exa mple.com")).isNull();
        assertThat(Normalize.host("0x7f.1")).isEqualTo("127.0.0.1");
        assertThat(Normalize.host("...")).isNull();
    }

    @Test
    void paths() {
        assertThat(Normalize.path("private/var/mobile//Library/")).isEqualTo("/private/var/mobile/Library");
        assertThat(Normalize.path("/var/mobile")).isEqualTo("/private/var/mobile");
        assertThat(Normalize.path("/tmp/x")).isEqualTo("/private/var/tmp/x");
        assertThat(Normalize.path("/etc/hosts")).isEqualTo("/private/etc/hosts");
        assertThat(Normalize.path("/variable")).isEqualTo("/variable");
        assertThat(Normalize.path("/data/local/tmp/wd/")).isEqualTo("/data/local/tmp/wd");
        assertThat(Normalize.path("/")).isEqualTo("/");
    }

    @Test
    void urls() {
        assertThat(Normalize.parseUrl("HTTPS://User:pw@Evil.COM:443/a?b#c").normalised()).isEqualTo("https://evil.com/a?b");
        assertThat(Normalize.parseUrl("evil.com:8080/x").normalised()).isEqualTo("http://evil.com:8080/x");
        assertThat(Normalize.parseUrl("http://[2001:db8::1]:80/").normalised()).isEqualTo("http://[2001:db8::1]/");
        assertThat(Normalize.parseUrl("https://")).isNull();
    }
}
