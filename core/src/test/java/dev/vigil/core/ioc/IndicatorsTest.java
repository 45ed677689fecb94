package dev.vigil.core.ioc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static dev.vigil.core.ioc.IndicatorType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules of issue 2, one test (or more) per rule. */
class IndicatorsTest {
    static Indicator ind(IndicatorType t, String v) {
        return new Indicator(t, v, "Test campaign", "test", null);
    }

    final Indicators iocs = Indicators.of(
            ind(DOMAIN, "evil.com"),
            ind(DOMAIN, "httpaccess.com"),
            ind(DOMAIN, "xn--mnchen-3ya.de"), // münchen.de
            ind(DOMAIN, "www.site-only-www.org"),
            ind(DOMAIN, "fgr1w2gnsdvsb.xyz/x"),
            ind(DOMAIN, "localhost"),
            ind(IPV4, "176.223.111.131"),
            ind(IPV6, "2001:db8::1"),
            ind(URL, "https://good.org/exact/path?q=1"),
            ind(EMAIL, "Bad@Evil.org"),
            ind(PROCESS, "bh"),
            ind(PROCESS, "com.apple.Trustd.xyz.long"),
            ind(PROCESS, "exactly16chars!!"),
            ind(FILE_PATH, "/var/foobar"),
            ind(FILE_PATH, "/private/var/tmp/l/"),
            ind(FILE_PATH, "/data/local/tmp/wd/"),
            ind(FILE_NAME, ".com.apple.notes.cache.plist"),
            ind(FILE_SHA256, "AB" + "0".repeat(62)),
            ind(FILE_MD5, "d41d8cd98f00b204e9800998ecf8427e"),
            ind(APP_ID, "com.Spy.App"),
            ind(CERT_SHA1, "31A6ECECD97CF39BC4126B8745CD94A7C30BF81C"),
            ind(CERT_SHA256, "c".repeat(64)),
            ind(PROFILE_ID, "76DAB334-7E17-475D-A5D6-0794EB5818A5"),
            ind(ANDROID_PROPERTY, "persist.sys.evil"));

    static String host(Optional<Match> m) {
        return m.map(x -> x.indicator().value()).orElse(null);
    }

    // ------------------------------------------------------------- domains

    @ParameterizedTest
    @ValueSource(strings = {"evil.com", "EVIL.COM", "Evil.Com.", "evil.com:443", "evil.com.:8443", "user@evil.com",
            "[user:pw]@evil.com", " evil.com "})
    void domainForms(String host) {
        assertThat(host(iocs.domain(host))).isEqualTo("evil.com");
    }

    @Test
    void subdomainsMatchAtLabelBoundariesOnly() {
        assertThat(iocs.domain("a.b.evil.com")).get().satisfies(m -> {
            assertThat(m.indicator().value()).isEqualTo("evil.com");
            assertThat(m.note()).isEqualTo("subdomain of evil.com");
            assertThat(m.matched()).isEqualTo("a.b.evil.com");
        });
        assertThat(iocs.domain("notevil.com")).isEmpty();
        assertThat(iocs.domain("evil.com.au")).isEmpty();
        assertThat(iocs.domain("evil.co")).isEmpty();
        assertThat(iocs.domain("vil.com")).isEmpty();
        assertThat(iocs.domain("com")).isEmpty();
        // a single-label indicator never matches as a parent domain
        assertThat(iocs.domain("localhost")).isPresent();
        assertThat(iocs.domain("x.localhost")).isEmpty();
    }

    @Test
    void onlyAnExactLeadingWwwLabelIsIgnored() {
        assertThat(iocs.domain("www.evil.com")).get().extracting(Match::note).isNull(); // same site, exact
        assertThat(iocs.domain("wwwevil.com")).isEmpty();
        assertThat(iocs.domain("w.evil.com")).get().extracting(Match::note).isEqualTo("subdomain of evil.com");
        assertThat(iocs.domain("httpaccess.com")).isPresent();
        assertThat(iocs.url("httpaccess.com")).isPresent();
        assertThat(iocs.url("http://httpaccess.com/")).isPresent();
        assertThat(iocs.url("access.com")).isEmpty();
        assertThat(iocs.url("https://tpaccess.com")).isEmpty();
        // published with www., visited without
        assertThat(iocs.domain("site-only-www.org")).get().extracting(Match::note).isEqualTo("same site as www.site-only-www.org");
        assertThat(iocs.domain("www.site-only-www.org")).get().extracting(Match::note).isNull();
        assertThat(iocs.domain("xsite-only-www.org")).isEmpty();
    }

    @Test
    void idnAndPunycode() {
        assertThat(iocs.domain("münchen.de")).isPresent();
        assertThat(iocs.domain("MÜNCHEN.DE")).isPresent();
        assertThat(iocs.url("https://www.münchen.de/rathaus")).isPresent();
        assertThat(iocs.domain("xn--mnchen-3ya.de")).isPresent();
        assertThat(iocs.domain("muenchen.de")).isEmpty();
        assertThat(iocs.domain("evil。com")).isPresent(); // ideographic full stop
        assertThat(iocs.url("http://%65vil.com/")).isPresent(); // percent-encoded host
    }

    @Test
    void ipLiterals() {
        assertThat(iocs.domain("176.223.111.131")).isPresent();
        assertThat(iocs.ip("176.223.111.131")).isPresent();
        assertThat(iocs.ip("176.223.111.131:8080")).isPresent();
        assertThat(iocs.ip("::ffff:176.223.111.131")).isPresent();
        assertThat(iocs.ip("176.223.111.13")).isEmpty();
        assertThat(iocs.ip("2001:DB8:0:0::1")).get().extracting(Match::matched).isEqualTo("2001:db8::1");
        assertThat(iocs.ip("[2001:db8::1]:443")).isPresent();
        assertThat(iocs.domain("[2001:db8::1]")).isPresent();
        assertThat(iocs.domain("2001:db8::1")).isPresent();
        assertThat(iocs.url("http://[2001:db8::1]:8080/x")).isPresent();
        assertThat(iocs.url("http://176.223.111.131/")).isPresent();
        // the numeric forms browsers accept
        assertThat(iocs.url("http://0xb0df6f83/")).isPresent();
        assertThat(iocs.url("http://2967433091/")).isPresent();
        assertThat(iocs.url("http://0260.0337.0157.0203/")).isPresent();
        assertThat(iocs.url("http://176.223.28547/")).isPresent();
        assertThat(iocs.url("http://176.223.111.131.evil.org/")).isEmpty();
        assertThat(iocs.url("http://1.2.3.999/")).isEmpty();
        assertThat(iocs.ip("not an ip")).isEmpty();
    }

    // ------------------------------------------------------------- URLs

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.com", "https://evil.com/", "HTTPS://EVIL.COM/Path", "evil.com/x", "//evil.com/x",
            "https://good.com@evil.com/", "http://good.com:pw@evil.com:8080/x", "https://evil.com?x=1", "https://evil.com#f",
            "https://evil.com\\x", "http:\\\\evil.com\\x", "http:evil.com", "ws://sub.evil.com:80", "evil.com:8080/x",
            "ftp://evil.com", "  https://a.evil.com/path  ", "mailto:someone@evil.com", "https://evil.com./"})
    void urlsMatchByHost(String url) {
        assertThat(host(iocs.url(url))).as(url).isEqualTo("evil.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.com.good.org/", "https://good.org/evil.com", "https://good.org/?u=https://evil.com",
            "https://evil.com@good.org/", "notevil.com", "https://notevil.com/", "https://evil-com.org", "", " ", "https://",
            "https://evil.com,x/", "javascript:alert(1)"})
    void urlsThatMustNotMatch(String url) {
        assertThat(iocs.url(url)).as(url).isEmpty();
    }

    @Test
    void exactNormalisedUrlIndicators() {
        assertThat(iocs.url("https://good.org/exact/path?q=1")).get().extracting(m -> m.indicator().type()).isEqualTo(URL);
        assertThat(iocs.url("HTTPS://GOOD.ORG:443/exact/path?q=1#frag")).isPresent();
        assertThat(iocs.url("https://good.org/exact/path?q=2")).isEmpty();
        assertThat(iocs.url("https://good.org/exact/path")).isEmpty();
        assertThat(iocs.url("http://good.org/exact/path?q=1")).isEmpty();
        assertThat(iocs.domain("good.org")).isEmpty();
    }

    @Test
    void hostPathDomainIndicators() {
        assertThat(iocs.url("https://fgr1w2gnsdvsb.xyz/x")).get().extracting(Match::note).isNull();
        assertThat(iocs.url("https://FGR1W2GNSDVSB.xyz/x/y?z")).get().extracting(Match::note).isEqualTo("inside fgr1w2gnsdvsb.xyz/x");
        assertThat(iocs.url("https://fgr1w2gnsdvsb.xyz/xy")).get().extracting(Match::note).isEqualTo("host of fgr1w2gnsdvsb.xyz/x");
        assertThat(iocs.domain("fgr1w2gnsdvsb.xyz")).isPresent();
        assertThat(iocs.domain("a.fgr1w2gnsdvsb.xyz")).get().extracting(Match::note).asString().startsWith("subdomain of the host");
        assertThat(iocs.domain("gr1w2gnsdvsb.xyz")).isEmpty();
    }

    @Test
    void urlsInFreeText() {
        String sms = "Your parcel is waiting: https://track.evil.com/p?id=1. Or call us! (see www.evil.com/info), "
                + "mail bad@evil.org; ref 176.223.111.131, fine: https://notevil.com/ httpaccess.com.";
        List<Match> found = iocs.urlsInText(sms);
        assertThat(found).extracting(m -> m.indicator().value())
                .containsExactly("evil.com", "176.223.111.131", "httpaccess.com");
        assertThat(iocs.urlsInText("链接：https://evil.com/x。谢谢")).hasSize(1);
        assertThat(iocs.urlsInText("Click:https://evil.com")).hasSize(1);
        assertThat(iocs.urlsInText("«evil.com»")).hasSize(1);
        assertThat(iocs.urlsInText("see https://good.org/a,https://evil.com/b")).hasSize(1);
        assertThat(iocs.urlsInText("nothing here, notevil.com and evil.community")).isEmpty();
        assertThat(iocs.urlsInText(null)).isEmpty();
    }

    // ------------------------------------------------------------- files and processes

    @Test
    void filePathsMatchAtBoundaries() {
        assertThat(iocs.filePath("/var/foobar")).get().extracting(Match::note).isNull();
        assertThat(iocs.filePath("/private/var/foobar")).isPresent(); // iOS /var alias
        assertThat(iocs.filePath("private/var/foobar")).isPresent(); // evidence logical path
        assertThat(iocs.filePath("/var/foobar/x.db")).get().extracting(Match::note).isEqualTo("inside /var/foobar");
        assertThat(iocs.filePath("/var/foobarbaz")).isEmpty();
        assertThat(iocs.filePath("/var/fooba")).isEmpty();
        assertThat(iocs.filePath("/var")).isEmpty();
        // directory indicators
        assertThat(iocs.filePath("/private/var/tmp/l/payload")).isPresent();
        assertThat(iocs.filePath("/tmp/l/payload")).isPresent();
        assertThat(iocs.filePath("/private/var/tmp/l")).isPresent();
        assertThat(iocs.filePath("/private/var/tmp/lx")).isEmpty();
        assertThat(iocs.filePath("/data/local/tmp/wd/x.so")).isPresent();
        assertThat(iocs.filePath("/data//local/tmp/wd//x.so")).isPresent();
        assertThat(iocs.filePath("/data/local/tmp/wdx")).isEmpty();
    }

    @Test
    void fileNamesExact() {
        assertThat(iocs.fileName(".com.apple.notes.cache.plist")).isPresent();
        assertThat(iocs.fileName("com.apple.notes.cache.plist")).isEmpty();
        assertThat(iocs.fileName(".com.apple.notes.cache.plist.bak")).isEmpty();
        assertThat(iocs.filePath("/private/var/mobile/Library/.com.apple.notes.cache.plist")).isPresent();
        assertThat(iocs.filePath("/x/y.com.apple.notes.cache.plist")).isEmpty();
    }

    @Test
    void processNamesExactOrTruncated() {
        assertThat(iocs.process("bh")).get().extracting(Match::note).isNull();
        assertThat(iocs.process("bhx")).isEmpty();
        assertThat(iocs.process("BH")).isEmpty();
        assertThat(iocs.process("b")).isEmpty();
        assertThat(iocs.process("com.apple.Trust")).get().satisfies(m -> { // 15 characters
            assertThat(m.indicator().value()).isEqualTo("com.apple.Trustd.xyz.long");
            assertThat(m.note()).startsWith("truncated process name");
        });
        assertThat(iocs.process("com.apple.Trustd")).get().extracting(Match::note).asString().startsWith("truncated"); // 16
        assertThat(iocs.process("com.apple.Trus")).isEmpty(); // 14: too short to be a truncation
        assertThat(iocs.process("com.apple.Trustd.")).isEmpty(); // 17
        assertThat(iocs.process("exactly16chars!")).get().extracting(Match::note).asString().startsWith("truncated");
        assertThat(iocs.process("exactly16chars!!")).get().extracting(Match::note).isNull();
    }

    // ------------------------------------------------------------- exact, case-insensitive kinds

    @Test
    void hashesAppIdsEmailsPropertiesProfilesCaseInsensitive() {
        assertThat(iocs.hash("ab" + "0".repeat(62))).isPresent();
        assertThat(iocs.hash("AB" + "0".repeat(62))).isPresent();
        assertThat(iocs.hash("D41D8CD98F00B204E9800998ECF8427E")).isPresent();
        assertThat(iocs.hash("ab" + "0".repeat(61))).isEmpty();
        assertThat(iocs.appId("com.spy.app")).isPresent();
        assertThat(iocs.appId("com.spy.app2")).isEmpty();
        assertThat(iocs.certHash("31:a6:ec:ec:d9:7c:f3:9b:c4:12:6b:87:45:cd:94:a7:c3:0b:f8:1c")).isPresent();
        assertThat(iocs.certHash("C".repeat(64))).isPresent();
        assertThat(iocs.email("bad@evil.org")).isPresent();
        assertThat(iocs.email("BAD@EVIL.ORG")).isPresent();
        assertThat(iocs.email("mailto:bad@evil.org")).isPresent();
        assertThat(iocs.email("xbad@evil.org")).isEmpty();
        assertThat(iocs.profileId("76dab334-7e17-475d-a5d6-0794eb5818a5")).isPresent();
        assertThat(iocs.property("PERSIST.SYS.EVIL")).isPresent();
        assertThat(iocs.property("persist.sys")).isEmpty();
    }

    @Test
    void oddInputNeverThrows() {
        for (String s : new String[] {null, "", "\u0000", "[", "[::", "@", ":", "::::", "http://[", "%", "%zz.com", "a..b", "...",
                "x".repeat(100_000), "0x", "1.2.3.4.5", "\ud800", "http://" + "a.".repeat(5000) + "evil.com"}) {
            iocs.url(s);
            iocs.domain(s);
            iocs.ip(s);
            iocs.filePath(s);
            iocs.process(s);
            iocs.hash(s);
            iocs.urlsInText(s);
        }
        assertThat(iocs.url("http://" + "a.".repeat(5000) + "evil.com")).isPresent();
    }

    @Test
    void firstLoadedAnswersAndCountsAreKept() {
        Indicator a = new Indicator(DOMAIN, "evil.com", "First", "a", null);
        Indicator b = new Indicator(DOMAIN, "EVIL.com", "Second", "b", null);
        Indicators two = Indicators.of(List.of(new IocSource("a", "", "inline", List.of(a), List.of()),
                new IocSource("b", "", "inline", List.of(b), List.of())));
        assertThat(two.size()).isEqualTo(2);
        assertThat(two.domain("evil.com")).get().extracting(m -> m.indicator().collection()).isEqualTo("First");
        assertThat(Indicators.empty().url("https://evil.com")).isEmpty();
    }
}
