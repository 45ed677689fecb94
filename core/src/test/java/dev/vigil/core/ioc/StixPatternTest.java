package dev.vigil.core.ioc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StixPatternTest {

    static StixPattern.Result result(String pattern) throws StixPattern.ParseException {
        return StixPattern.indicators(StixPattern.parse(pattern));
    }

    static StixPattern.Term term(String pattern) throws StixPattern.ParseException {
        StixPattern.Result r = result(pattern);
        assertThat(r.problems()).isEmpty();
        assertThat(r.terms()).hasSize(1);
        return r.terms().get(0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        [domain-name:value='evil.com']                       | DOMAIN          | evil.com
        [domain-name:value = '176.223.111.131']              | IPV4            | 176.223.111.131
        [domain-name:value='2001:db8::1']                    | IPV6            | 2001:db8::1
        [domain-name:value='fgr1w2gnsdvsb.xyz/x']            | DOMAIN          | fgr1w2gnsdvsb.xyz/x
        [ipv4-addr:value='1.2.3.4']                          | IPV4            | 1.2.3.4
        [ipv6-addr:value='::1']                              | IPV6            | ::1
        [url:value='https://evil.com/a?b=1']                 | URL             | https://evil.com/a?b=1
        [email-addr:value='a@b.c']                           | EMAIL           | a@b.c
        [process:name='bh']                                  | PROCESS         | bh
        [file:name='.com.apple.notes.cache.plist']           | FILE_NAME       | .com.apple.notes.cache.plist
        [file:path='/private/var/tmp/l/']                    | FILE_PATH       | /private/var/tmp/l/
        [file:hashes.md5='d41d8cd98f00b204e9800998ecf8427e']  | FILE_MD5        | d41d8cd98f00b204e9800998ecf8427e
        [file:hashes.sha1='x']                               | FILE_SHA1       | x
        [file:hashes.sha256='x']                             | FILE_SHA256     | x
        [file:hashes.'SHA-256'='x']                          | FILE_SHA256     | x
        [file:hashes.'SHA-1'='x']                            | FILE_SHA1       | x
        [file:hashes.MD5='x']                                | FILE_MD5        | x
        [app:id='com.x']                                     | APP_ID          | com.x
        [app:cert.md5='x']                                   | CERT_MD5        | x
        [app:cert.sha1='x']                                  | CERT_SHA1       | x
        [app:cert.sha256='x']                                | CERT_SHA256     | x
        [configuration-profile:id='76DAB334-7E17-475D-A5D6-0794EB5818A5'] | PROFILE_ID | 76DAB334-7E17-475D-A5D6-0794EB5818A5
        [android-property:name='persist.x']                  | ANDROID_PROPERTY | persist.x
        """)
    void everyVariantOfThePublicSets(String pattern, IndicatorType type, String value) throws Exception {
        assertThat(term(pattern)).isEqualTo(new StixPattern.Term(type, value));
    }

    @Test
    void escapesInStrings() throws Exception {
        assertThat(term("[file:name = 'it\\'s']").value()).isEqualTo("it's");
        assertThat(term("[file:path = 'C:\\\\Windows\\\\x']").value()).isEqualTo("C:\\Windows\\x");
        assertThat(term("[file:name = 'a]b OR c']").value()).isEqualTo("a]b OR c");
        assertThatThrownBy(() -> StixPattern.parse("[file:name = 'a\\nb']")).hasMessageContaining("invalid escape");
    }

    @Test
    void orInsideAndBetweenBracketsGivesSeveralIndicators() throws Exception {
        StixPattern.Result r = result("[domain-name:value = 'a.com' OR domain-name:value = 'b.com'] OR ([ipv4-addr:value = '1.2.3.4'] OR [process:name = 'x'])");
        assertThat(r.problems()).isEmpty();
        assertThat(r.terms()).extracting(StixPattern.Term::value).containsExactly("a.com", "b.com", "1.2.3.4", "x");
        assertThat(result("[domain-name:value IN ('a.com', 'b.com')]").terms()).hasSize(2);
        assertThat(result("[(domain-name:value = 'a.com' or domain-name:value = 'b.com')]").terms()).hasSize(2);
    }

    @Test
    void andCannotBeMatchedAndSaysWhy() throws Exception {
        StixPattern.Result r = result("[file:name = 'x' AND file:size = 10]");
        assertThat(r.terms()).isEmpty();
        assertThat(r.problems()).singleElement().asString().contains("AND of comparisons cannot be matched by single-value lookups");
        r = result("[process:name = 'a'] AND [process:name = 'b']");
        assertThat(r.problems()).singleElement().asString().contains("AND of observations");
        // usable OR branch kept, AND branch reported
        r = result("[domain-name:value = 'a.com'] OR ([process:name = 'a'] AND [process:name = 'b'])");
        assertThat(r.terms()).extracting(StixPattern.Term::value).containsExactly("a.com");
        assertThat(r.problems()).hasSize(1);
        // AND binds tighter than OR
        r = result("[domain-name:value = 'a.com' OR process:name = 'a' AND process:name = 'b']");
        assertThat(r.terms()).extracting(StixPattern.Term::value).containsExactly("a.com");
        assertThat(r.problems()).hasSize(1);
    }

    @Test
    void qualifiersOperatorsAndUnknownPathsAreReported() throws Exception {
        assertThat(result("[process:name = 'x'] REPEATS 5 TIMES").problems()).singleElement().asString().contains("REPEATS 5 TIMES");
        assertThat(result("[process:name = 'x'] WITHIN 60 SECONDS").problems()).hasSize(1);
        assertThat(result("[process:name = 'x'] START t'2020-01-01T00:00:00Z' STOP t'2021-01-01T00:00:00Z'").problems()).hasSize(1);
        assertThat(result("[process:name = 'x'] FOLLOWEDBY [process:name = 'y']").problems()).singleElement().asString().contains("FOLLOWEDBY");
        assertThat(result("[domain-name:value LIKE '%.evil.com']").problems()).singleElement().asString().contains("operator LIKE");
        assertThat(result("[domain-name:value != 'a']").problems()).singleElement().asString().contains("operator !=");
        assertThat(result("[domain-name:value NOT = 'a']").problems()).singleElement().asString().contains("negated");
        assertThat(result("[file:size = 10]").problems()).singleElement().asString().contains("file:size");
        assertThat(result("[file:hashes.'SHA-512' = 'x']").problems()).singleElement().asString().contains("file:hashes.'SHA-512'");
        assertThat(result("[ipv4-addr:value = 'evil.com']").problems()).singleElement().asString().contains("not an IP address");
        assertThat(result("[process:name = 12]").problems()).singleElement().asString().contains("number");
        assertThat(result("[process:name = '  ']").problems()).singleElement().asString().contains("empty");
    }

    @Test
    void invalidPatternsThrowWithPosition() {
        for (String bad : List.of("", "domain-name:value = 'x'", "[domain-name:value = 'x'", "[domain-name:value 'x']",
                "[domain-name = 'x']", "[domain-name:value = 'x'] OR", "[domain-name:value = 'x']]", "[a:b = 'unterminated]",
                "[a:b = 'x'] REPEATS TIMES", "[a:b = 'x' ; ]", "[a:b ! 'x']")) {
            assertThatThrownBy(() -> StixPattern.parse(bad)).as(bad).isInstanceOf(StixPattern.ParseException.class);
        }
        assertThatThrownBy(() -> StixPattern.parse("[domain-name:value = 'x'")).hasMessageContaining("expected ']'").hasMessageContaining("end of pattern");
    }

    @Test
    void deepNestingIsBounded() {
        String p = "(".repeat(10_000) + "[a:b = 'x']" + ")".repeat(10_000);
        assertThatThrownBy(() -> StixPattern.parse(p)).hasMessageContaining("nested too deeply");
    }

    @Test
    void listIndexAndQuotedSteps() throws Exception {
        StixPattern.Comparison c = (StixPattern.Comparison) StixPattern.parse("[email-message:to_refs[*].value = 'a@b.c']");
        assertThat(c.path()).containsExactly("to_refs", "[*]", "value");
        assertThat(c.pathText()).isEqualTo("email-message:to_refs[*].value");
        assertThat(((StixPattern.Comparison) StixPattern.parse("[file:hashes.'SHA-256' = 'x']")).pathText()).isEqualTo("file:hashes.'SHA-256'");
    }
}
