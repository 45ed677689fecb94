package dev.vigil.ios.modules;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.artifacts.ChromeFaviconsDb;
import dev.vigil.samples.ios.artifacts.ChromeHistoryDb;
import dev.vigil.samples.ios.artifacts.FirefoxBrowserDb;
import dev.vigil.samples.ios.artifacts.FirefoxPlacesDb;
import dev.vigil.samples.ios.artifacts.SafariBrowserStateDb;
import dev.vigil.samples.ios.artifacts.SafariFaviconsDb;
import dev.vigil.samples.ios.artifacts.SafariTabsDb;
import dev.vigil.samples.ios.artifacts.WebKitObservationsDb;
import dev.vigil.samples.ios.artifacts.WebKitResourceLogPlist;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** chrome_*, firefox_*, safari_browser_state, safari_favicon, webkit_* on builder output. */
class BrowserModulesTest {
    private static MemorySource src(Consumer<IosFiles> plant) {
        IosFiles fs = new IosFiles();
        plant.accept(fs);
        return IosTestSupport.source(fs);
    }

    private static List<String> iocs(ModuleResult r) {
        return r.alerts().stream().filter(a -> a.matchedIndicator() != null).map(a -> a.matchedIndicator().value()).toList();
    }

    @Test
    void chromeHistory() {
        ModuleResult r = IosTestSupport.runOne(src(ChromeHistoryDb::plantDemo), IosTestSupport.planted(), new ChromeHistory());
        assertThat(r.records()).extracting(x -> x.str("timestamp"), x -> x.str("url"), x -> x.str("redirect"))
                .containsExactly(
                        tuple("2023-05-19T06:30:00Z", "https://www.google.com/search?q=weather", null),
                        tuple("2023-05-19T06:31:10Z", "https://t.co/Xk29aLq", null),
                        tuple("2023-05-19T06:31:10.400Z", "https://updete.xyz/s/7f3a", "server"));
        Record hop = r.records().get(2);
        assertThat(hop.str("from_visit_url")).isEqualTo("https://t.co/Xk29aLq");
        assertThat(hop.num("from_visit_elapsed_ms", -1)).isEqualTo(400);
        assertThat(hop.str("container")).isEqualTo("9C1D2E3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F");
        assertThat(r.alerts()).extracting(Alert::level).containsExactly(Level.CRITICAL, Level.LOW);
        assertThat(iocs(r)).containsExactly("updete.xyz");
        assertThat(r.alerts().get(1).message()).startsWith("Chrome was redirected from t.co to updete.xyz within 400 ms");
    }

    @Test
    void chromeFavicon() {
        ModuleResult r = IosTestSupport.runOne(src(ChromeFaviconsDb::plantDemo), IosTestSupport.planted(), new ChromeFavicon());
        assertThat(r.records()).extracting(x -> x.str("timestamp"), x -> x.str("url"), x -> x.str("icon_url"))
                .containsExactly(
                        tuple("2023-05-19T06:30:01Z", "https://www.google.com/search?q=weather", "https://www.google.com/favicon.ico"),
                        tuple("2023-05-19T06:31:11Z", "https://mobnetlink1.com/l/8812", "https://mobnetlink1.com/favicon.ico"));
        assertThat(iocs(r)).containsExactly("mobnetlink1.com"); // page and icon on the same indicator: one alert
    }

    @Test
    void firefoxHistoryAndFavicon() {
        MemorySource s = src(FirefoxBrowserDb::plantDemo);
        ModuleResult h = IosTestSupport.runOne(s, IosTestSupport.planted(), new FirefoxHistory());
        assertThat(h.records()).extracting(x -> x.str("timestamp"), x -> x.str("url"), x -> x.str("title"), x -> x.str("database"))
                .containsExactly(
                        tuple("2023-05-21T19:00:00Z", "https://en.wikipedia.org/wiki/Zurich", "Zürich - Wikipedia", "browser.db"),
                        tuple("2023-05-21T19:05:00Z", "https://tookcheckout.com/order/5521", "Order", "browser.db"));
        assertThat(iocs(h)).containsExactly("tookcheckout.com");
        ModuleResult f = IosTestSupport.runOne(s, IosTestSupport.planted(), new FirefoxFavicon());
        assertThat(f.records()).extracting(x -> x.str("timestamp"), x -> x.str("icon_url"), x -> x.str("url"))
                .containsExactly(
                        tuple("2023-05-21T19:00:01Z", "https://en.wikipedia.org/static/favicon/wikipedia.ico", "https://en.wikipedia.org/wiki/Zurich"),
                        tuple("2023-05-21T19:05:01Z", "https://tookcheckout.com/favicon.ico", "https://tookcheckout.com/order/5521"));
        assertThat(iocs(f)).containsExactly("tookcheckout.com");
    }

    @Test
    void firefoxPlacesDbAndBrowserDbTogether() {
        MemorySource s = src(fs -> {
            FirefoxBrowserDb.plantDemo(fs);
            FirefoxPlacesDb.plantDemo(fs);
        });
        ModuleResult h = IosTestSupport.runOne(s, IosTestSupport.planted(), new FirefoxHistory());
        assertThat(h.records()).extracting(x -> x.str("timestamp"), x -> x.str("url"), x -> x.str("database"), x -> x.get("from_visit"))
                .containsExactly(
                        tuple("2023-05-21T19:00:00Z", "https://en.wikipedia.org/wiki/Zurich", "browser.db", null),
                        tuple("2023-05-21T19:05:00Z", "https://tookcheckout.com/order/5521", "browser.db", null),
                        tuple("2023-05-24T08:00:00Z", "https://www.mozilla.org/en-US/firefox/", "places.db", null),
                        tuple("2023-05-24T08:00:03.250Z", "https://pincattape.com/p/0192", "places.db", 1L));
        assertThat(iocs(h)).containsExactly("tookcheckout.com", "pincattape.com");
        assertThat(h.artifacts()).containsExactly(FirefoxBrowserDb.PATH, FirefoxPlacesDb.PATH);
        // places.db has no favicons: firefox_favicon reads browser.db only.
        ModuleResult f = IosTestSupport.runOne(s, Indicators.empty(), new FirefoxFavicon());
        assertThat(f.artifacts()).containsExactly(FirefoxBrowserDb.PATH);
    }

    @Test
    void safariBrowserStateReadsTheSessionPlist() {
        ModuleResult r = IosTestSupport.runOne(src(SafariBrowserStateDb::plantDemo), IosTestSupport.planted(), new SafariBrowserState());
        assertThat(r.records()).hasSize(2);
        Record chat = r.records().get(1);
        assertThat(chat.str("url")).isEqualTo("https://www.example.org/");
        assertThat(chat.strings("session_urls")).containsExactly("https://oneleadingchat.com/invite/4410", "https://www.example.org/");
        assertThat(chat.bool("opened_from_link")).isTrue();
        assertThat(chat.str("timestamp")).isEqualTo("2023-05-22T21:03:00Z");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) chat.get("session_entries");
        assertThat(entries.get(1)).containsEntry("title", "Chat");
        assertThat(iocs(r)).containsExactly("oneleadingchat.com");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void safariTabsDbOfIos16() {
        ModuleResult r = IosTestSupport.runOne(src(SafariTabsDb::plantDemo), IosTestSupport.planted(), new SafariBrowserState());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).extracting(x -> x.str("timestamp"), x -> x.str("url"), x -> x.str("title"), x -> x.get("opened_from_link"), x -> x.str("database"))
                .containsExactly(
                        tuple("2023-05-23T06:00:00Z", "https://www.meteoswiss.admin.ch/", "Weather", false, "SafariTabs.db"),
                        tuple("2023-05-23T22:40:00Z", "https://shop.example.com/", "Offer", true, "SafariTabs.db"));
        assertThat(r.records().get(1).strings("session_urls")).containsExactly("https://redirectnet.net/r/55", "https://shop.example.com/");
        assertThat(iocs(r)).containsExactly("redirectnet.net");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void safariBrowserStateSurvivesAGarbageSessionBlob() {
        byte[] good = SafariBrowserStateDb.sessionData(List.of("https://a.example/"), "x");
        byte[] bad = Arrays.copyOf(good, good.length - 20); // trailer cut: the plist cannot be parsed
        SafariBrowserStateDb db2 = new SafariBrowserStateDb();
        db2.rawTab("T1", "https://a.example/", java.time.Instant.parse("2022-01-01T00:00:00Z"), bad);
        MemorySource s = new MemorySource("ios-fs", "t", false).put(SafariBrowserStateDb.PATH, db2.bytes());
        ModuleResult r = IosTestSupport.runOne(s, Indicators.empty(), new SafariBrowserState());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).singleElement().satisfies(x -> assertThat(x.strings("session_urls")).isEmpty());
        assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w).startsWith("tab T1: session data not readable: "));
    }

    @Test
    void safariFavicon() {
        ModuleResult r = IosTestSupport.runOne(src(SafariFaviconsDb::plantDemo), IosTestSupport.planted(), new SafariFavicon());
        assertThat(r.records()).extracting(x -> x.str("type"), x -> x.str("url"), x -> x.str("timestamp"))
                .containsExactly(
                        tuple("valid", "https://wikipedoptions.com/article/2291", "2023-02-03T22:14:00Z"),
                        tuple("valid", "https://www.srf.ch/news", "2023-05-18T06:45:01Z"),
                        tuple("rejected", "https://www.srf.ch/sport", "2023-05-18T07:10:01Z"));
        assertThat(iocs(r)).containsExactly("wikipedoptions.com");
    }

    @Test
    void webkitObservations() {
        ModuleResult r = IosTestSupport.runOne(src(WebKitObservationsDb::plantDemo), IosTestSupport.planted(), new WebkitResourceLoadStatistics());
        assertThat(r.records()).extracting(x -> x.str("registrable_domain"), x -> x.strings("redirects_to"), x -> x.strings("redirects_from"), x -> x.str("timestamp"))
                .containsExactly(
                        tuple("t.co", List.of("shoppingeos.com"), List.of(), "2023-04-02T10:00:00Z"),
                        tuple("shoppingeos.com", List.of(), List.of("t.co"), "2023-04-02T10:00:01Z"),
                        tuple("twitter.com", List.of(), List.of(), "2023-04-02T09:59:00Z"));
        assertThat(r.records().get(0).str("container")).isEqualTo("7A8B9C0D-1E2F-4A3B-8C4D-5E6F7A8B9C0D");
        // The domain itself and the redirect that led to it.
        assertThat(r.alerts()).extracting(Alert::message).containsExactly(
                "Domain loaded by a web view: shoppingeos.com matches a known indicator of QuaDream KingsPawn: shoppingeos.com",
                "Domain loaded by a web view: shoppingeos.com matches a known indicator of QuaDream KingsPawn: shoppingeos.com");
        assertThat(r.alerts()).extracting(a -> a.event().str("registrable_domain")).containsExactly("t.co", "shoppingeos.com");
    }

    @Test
    void webkitSessionResourceLog() {
        ModuleResult r = IosTestSupport.runOne(src(WebKitResourceLogPlist::plantDemo), IosTestSupport.planted(), new WebkitSessionResourceLog());
        assertThat(r.records()).extracting(x -> x.str("origin"), x -> x.strings("redirect_destination"), x -> x.strings("redirect_source"), x -> x.str("timestamp"))
                .containsExactly(
                        tuple("bit.ly", List.of("newsbuiltin.online"), List.of(), "2021-11-03T08:00:00Z"),
                        tuple("newsbuiltin.online", List.of(), List.of("bit.ly"), "2021-11-03T08:00:02Z"),
                        tuple("srf.ch", List.of(), List.of(), "2021-11-03T07:30:00Z"));
        assertThat(iocs(r)).containsExactly("newsbuiltin.online", "newsbuiltin.online");
    }

    @Test
    void webkitResourceLogOfModelVersion15UsesDomainKeys() throws Exception {
        com.dd.plist.NSDictionary set = new com.dd.plist.NSDictionary();
        set.put("domain", "shoppingeos.com");
        com.dd.plist.NSDictionary e = new com.dd.plist.NSDictionary();
        e.put("PrevalentResourceDomain", "example.net");
        e.put("lastSeen", 1.6e9);
        e.put("hadUserInteraction", true);
        e.put("topFrameUniqueRedirectsTo", new com.dd.plist.NSArray(set));
        com.dd.plist.NSDictionary root = new com.dd.plist.NSDictionary();
        root.put("version", 15);
        root.put("browsingStatistics", new com.dd.plist.NSArray(e));
        MemorySource s = new MemorySource("ios-fs", "t", false).put(WebKitResourceLogPlist.PATH, root.toXMLPropertyList().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ModuleResult r = IosTestSupport.runOne(s, IosTestSupport.planted(), new WebkitSessionResourceLog());
        assertThat(r.records()).singleElement().satisfies(x -> {
            assertThat(x.str("origin")).isEqualTo("example.net");
            assertThat(x.strings("redirect_destination")).containsExactly("shoppingeos.com");
            assertThat(x.str("timestamp")).isEqualTo("2020-09-13T12:26:40Z");
            assertThat(x.get("user_interaction")).isEqualTo(true);
        });
        assertThat(iocs(r)).containsExactly("shoppingeos.com");
    }

    @Test
    void hostilePlistsAreClearErrors() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><plist><dict><key>a</key><string>&x;</string></dict></plist>";
        MemorySource s = new MemorySource("ios-fs", "t", false).put(WebKitResourceLogPlist.PATH, xxe.getBytes());
        ModuleResult r = IosTestSupport.runOne(s, Indicators.empty(), new WebkitSessionResourceLog());
        assertThat(r.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(r.error()).isEqualTo(WebKitResourceLogPlist.PATH + " declares XML entities: refused");
        byte[] good = new WebKitResourceLogPlist().entry("a.example", java.time.Instant.EPOCH.plusSeconds(1_600_000_000), false, List.of(), List.of(), List.of()).bytes();
        MemorySource t = new MemorySource("ios-fs", "t", false).put(WebKitResourceLogPlist.PATH, Arrays.copyOf(good, good.length / 2));
        IosFiles other = new IosFiles();
        WebKitObservationsDb.plantDemo(other);
        other.entries().forEach((p, e) -> t.put(p, e.data()));
        RunResult run = IosTestSupport.run(t, Indicators.empty(), new WebkitSessionResourceLog(), new WebkitResourceLoadStatistics());
        assertThat(run.modules().get(0).status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(run.modules().get(0).error()).startsWith(WebKitResourceLogPlist.PATH);
        assertThat(run.modules().get(1).status()).isEqualTo(ModuleStatus.OK);
        assertThat(run.modules().get(1).records()).hasSize(3);
    }

    @Test
    void eachCorruptBrowserDatabaseFailsAloneWhileTheNextModuleGoesOn() {
        IosFiles good = new IosFiles();
        ChromeHistoryDb.plantDemo(good);
        ChromeFaviconsDb.plantDemo(good);
        FirefoxBrowserDb.plantDemo(good);
        SafariBrowserStateDb.plantDemo(good);
        SafariFaviconsDb.plantDemo(good);
        WebKitObservationsDb.plantDemo(good);
        List<ArtifactModule> modules = List.of(new ChromeHistory(), new ChromeFavicon(), new FirefoxHistory(), new SafariBrowserState(), new SafariFavicon(), new WebkitResourceLoadStatistics());
        List<String> paths = List.of(ChromeHistoryDb.PATH, ChromeFaviconsDb.PATH, FirefoxBrowserDb.PATH, SafariBrowserStateDb.PATH, SafariFaviconsDb.PATH, WebKitObservationsDb.PATH);
        for (int i = 0; i < modules.size(); i++) {
            IosFiles fs = new IosFiles();
            good.entries().forEach((p, e) -> fs.put(p, e.data()));
            byte[] db = fs.get(paths.get(i));
            byte[] broken = db.clone();
            Arrays.fill(broken, 100, broken.length, (byte) 0x33);
            fs.put(paths.get(i), broken);
            ArtifactModule next = modules.get((i + 1) % modules.size());
            if (next instanceof FirefoxHistory && modules.get(i) instanceof ChromeFavicon) next = new SafariFavicon();
            RunResult run = IosTestSupport.run(IosTestSupport.source(fs), Indicators.empty(), modules.get(i), next);
            assertThat(run.modules().get(0).status()).as(modules.get(i).slug()).isEqualTo(ModuleStatus.ERROR);
            assertThat(run.modules().get(0).error()).startsWith(paths.get(i) + " could not be read: ");
            assertThat(run.modules().get(1).status()).as(next.slug()).isEqualTo(ModuleStatus.OK);
        }
    }
}
