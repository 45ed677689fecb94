package dev.vigil.core.ioc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UrlExtractorTest {
    @Test
    void findsUrlsAndBareDomainsWithTheirPaths() {
        assertThat(UrlExtractor.extract("Go to https://a.example/x?y=1, then b.example/path/z. Or ftp://c.example:21/f."))
                .containsExactly("https://a.example/x?y=1", "b.example/path/z", "ftp://c.example:21/f");
        assertThat(UrlExtractor.extract("host:port c.example:8080/x and d.example:443"))
                .containsExactly("c.example:8080/x", "d.example:443");
        assertThat(UrlExtractor.extract("ip 176.223.111.131/upload and version 1.2.3"))
                .containsExactly("176.223.111.131/upload");
        assertThat(UrlExtractor.extract("punycode xn--mnchen-3ya.de and münchen.de"))
                .containsExactly("xn--mnchen-3ya.de", "münchen.de");
    }

    @Test
    void punctuationAroundUrls() {
        assertThat(UrlExtractor.extract("(https://a.example/wiki/Foo_(bar)) [b.example]! \"c.example\" 'd.example'; <e.example>"))
                .containsExactly("https://a.example/wiki/Foo_(bar)", "b.example", "c.example", "d.example", "e.example");
        assertThat(UrlExtractor.extract("链接：https://a.example/x。谢谢「b.example」"))
                .containsExactly("https://a.example/x", "b.example");
        assertThat(UrlExtractor.extract("Click:https://a.example and text.https://b.example/ and x://c.example"))
                .containsExactly("https://a.example", "https://b.example/", "x://c.example");
        assertThat(UrlExtractor.extract("two glued https://a.example/1https://b.example/2"))
                .containsExactly("https://a.example/1", "https://b.example/2");
        assertThat(UrlExtractor.extract("list a.example,b.example;c.example")).containsExactly("a.example", "b.example", "c.example");
        assertThat(UrlExtractor.extract("mail bob@evil.example")).containsExactly("evil.example");
    }

    @Test
    void ignoresWhatIsNotAUrl() {
        assertThat(UrlExtractor.extract("e.g. i.e. 3.14 v1.2 file. a.b end.")).isEmpty();
        assertThat(UrlExtractor.extract("")).isEmpty();
        assertThat(UrlExtractor.extract(null)).isEmpty();
        assertThat(UrlExtractor.extract(":// ://x")).isEmpty();
    }

    @Test
    @Timeout(5)
    void hostileTextIsLinear() {
        String dots = "a.".repeat(500_000) + "-";
        assertThat(UrlExtractor.extract(dots)).isEmpty(); // last label "-" is no top-level domain
        String many = "x.example ".repeat(50_000);
        List<String> l = UrlExtractor.extract(many);
        assertThat(l).hasSize(UrlExtractor.MAX_CANDIDATES);
        String schemes = "https://".repeat(100_000);
        UrlExtractor.extract(schemes);
    }
}
