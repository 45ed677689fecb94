package dev.vigil.ios.modules;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.Record;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.artifacts.SafariHistoryDb;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SafariHistoryTest {
    private static MemorySource demo() {
        IosFiles fs = new IosFiles();
        SafariHistoryDb.plantDemo(fs);
        return IosTestSupport.source(fs);
    }

    @Test
    void visitsWithTheirRedirects() {
        ModuleResult r = IosTestSupport.runOne(demo(), Indicators.empty(), new SafariHistory());
        assertThat(r.records()).extracting(x -> x.str("timestamp"), x -> x.str("url"))
                .containsExactly(
                        tuple("2023-05-18T06:45:00Z", "https://www.srf.ch/news"),
                        tuple("2023-05-18T07:02:11Z", "https://bit.ly/3kXq9Zt"),
                        tuple("2023-05-18T07:02:11.850Z", "https://md-news-direct.com/2023/05/article.html"),
                        tuple("2023-05-18T07:10:00Z", "https://www.srf.ch/sport"));
        Record hop = r.records().get(1);
        assertThat(hop.str("redirect_destination_url")).isEqualTo("https://md-news-direct.com/2023/05/article.html");
        assertThat(hop.num("redirect_elapsed_ms", -1)).isEqualTo(850);
        assertThat(r.records().get(2).str("redirect_source_url")).isEqualTo("https://bit.ly/3kXq9Zt");
        assertThat(r.records().get(0).str("title")).isEqualTo("News - SRF");
        // Only the fast cross-domain redirect is flagged without indicators.
        assertThat(r.alerts()).extracting(Alert::level, Alert::message).containsExactly(tuple(Level.LOW,
                "Safari was redirected from bit.ly to md-news-direct.com within 850 ms (https://bit.ly/3kXq9Zt -> https://md-news-direct.com/2023/05/article.html)"));
        assertThat(r.alerts().get(0).caveat()).contains("a redirect is not an infection");
    }

    @Test
    void plantedPredatorDomainIsCritical() {
        ModuleResult r = IosTestSupport.runOne(demo(), IosTestSupport.planted(), new SafariHistory());
        assertThat(r.alerts()).extracting(Alert::level).containsExactly(Level.LOW, Level.CRITICAL);
        assertThat(r.alerts().get(1).matchedIndicator().value()).isEqualTo("md-news-direct.com");
        assertThat(r.alerts().get(1).message()).startsWith("Safari visit to https://md-news-direct.com/2023/05/article.html matches");
    }

    @Test
    void slowOrSameSiteRedirectsAreNotFlagged() {
        SafariHistoryDb db = new SafariHistoryDb();
        Instant t = Instant.parse("2022-01-01T00:00:00Z");
        long a = db.visit("https://example.com/login", t, null);
        long b = db.visit("https://accounts.example.com/", t.plusMillis(300), null);
        db.redirect(a, b);
        long c = db.visit("https://news.example.org/", t.plusSeconds(60), null);
        long d = db.visit("https://other.example.net/", t.plusSeconds(66), null);
        db.redirect(c, d);
        MemorySource src = new MemorySource("ios-fs", "t", false)
                .put("private/var/mobile/Containers/Data/Application/0000AAAA-1111-2222-3333-444455556666/Library/Safari/History.db", db.bytes());
        ModuleResult r = IosTestSupport.runOne(src, Indicators.empty(), new SafariHistory());
        assertThat(r.records()).hasSize(4);
        assertThat(r.records().get(0).str("container")).isEqualTo("0000AAAA-1111-2222-3333-444455556666");
        assertThat(r.alerts()).isEmpty();
        assertThat(SafariHistory.site("a.b.example.co.uk")).isEqualTo("example.co.uk");
    }
}
