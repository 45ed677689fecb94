package dev.vigil.core.ioc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.vigil.core.ioc.IndicatorType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowListTest {
    static Indicator ind(IndicatorType t, String v) {
        return new Indicator(t, v, "Test campaign", "test", null);
    }

    @Test
    void silencesByIndicatorValueOrMatchedValue(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("allow.txt");
        Files.writeString(f, """
                # known false positives
                domain-name:value  cdn.evil.com      reason: shared CDN host, case 2024-17
                domain-name:value  Other.Example     reason: parked domain reused by a legitimate site
                process:name       bh                reason: in-house tool with the same name

                """);
        AllowList allow = AllowList.load(f);
        assertThat(allow.entries()).hasSize(3);
        assertThat(allow.entries().get(0).reason()).isEqualTo("shared CDN host, case 2024-17");
        assertThat(allow.entries().get(0).line()).isEqualTo(2);
        Indicators iocs = Indicators.of(java.util.List.of(new IocSource("t", "", "inline",
                java.util.List.of(ind(DOMAIN, "evil.com"), ind(DOMAIN, "other.example"), ind(PROCESS, "bh"), ind(PROCESS, "bh2")),
                java.util.List.of())), allow);
        assertThat(iocs.domain("cdn.evil.com")).isEmpty();      // matched value allowed
        assertThat(iocs.url("https://CDN.evil.com/x")).isEmpty();
        assertThat(iocs.domain("x.cdn.evil.com")).isPresent();  // a different host still matches
        assertThat(iocs.domain("evil.com")).isPresent();
        assertThat(iocs.domain("a.other.example")).isEmpty();   // indicator value allowed
        assertThat(iocs.process("bh")).isEmpty();
        assertThat(iocs.process("bh2")).isPresent();
        assertThat(AllowList.none().entries()).isEmpty();
    }

    @Test
    void everyEntryNeedsAKnownTypeAndAReason(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "domain-name:value evil.com\n");
        assertThatThrownBy(() -> AllowList.load(f)).isInstanceOf(IOException.class).hasMessage(f + ":1: expected '<type> <value> reason: <why>'");
        Files.writeString(f, "# c\ndomain-name:value evil.com reason:   \n");
        assertThatThrownBy(() -> AllowList.load(f)).hasMessageStartingWith(f + ":2:");
        Files.writeString(f, "domain evil.com reason: x\n");
        assertThatThrownBy(() -> AllowList.load(f)).hasMessageContaining("unknown indicator type 'domain'");
    }
}
