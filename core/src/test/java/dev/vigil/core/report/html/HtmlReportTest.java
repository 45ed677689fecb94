package dev.vigil.core.report.html;

import dev.vigil.core.evidence.Custody;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.module.Checker;
import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.report.RunInfo;
import dev.vigil.core.run.Check;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlReportTest {
    static final String XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'&";
    static final String BODY = "Hi Jane, call me on +41 79 123 45 67 or jane.doe@example.org, see https://bad-pegasus.example/x";

    /** A result like an SMS module's: one planted Pegasus link, one heuristic warning, hostile text. */
    static Fixture fixture(boolean ioc, boolean heuristic) {
        Indicators iocs = Indicators.of(new Indicator(IndicatorType.DOMAIN, "bad-pegasus.example", "NSO Group Pegasus",
                "Amnesty Forensic Methodology Report (2021)", "indicator--1"));
        Record sms = Record.of("timestamp", "2021-07-14T10:00:00Z", "sender", "+41791234567", "body", BODY,
                "service", "SMS", "direction", "received");
        Record xss = Record.of("timestamp", "2021-07-14T11:00:00Z", "sender", "attacker", "body", XSS, "service", "iMessage");
        Record far = Record.of("timestamp", "2020-01-01T00:00:00Z", "sender", "mum", "body", "far away", "service", "SMS");
        Checker c = new Checker("sms", iocs);
        if (ioc) c.ioc(sms, iocs.domain("bad-pegasus.example").orElseThrow(), "A link in an SMS");
        if (heuristic) c.alert(Level.MEDIUM, xss, "Message with markup " + XSS, "Odd content from " + XSS, "Could be a prank " + XSS);
        List<TimelineEvent> tl = new ArrayList<>();
        for (Record r : List.of(sms, xss, far)) tl.add(new TimelineEvent(r.str("timestamp"), "sms", "sms_received", r.str("sender") + ": " + r.str("body")));
        ModuleResult m = new ModuleResult("sms", ModuleStatus.OK, null, List.of(sms, xss, far), c.alerts(), tl,
                List.of("row 7 skipped: " + XSS), List.of("private/var/mobile/Library/SMS/sms.db"));
        ModuleResult missing = new ModuleResult("calls", ModuleStatus.NOT_FOUND, "CallHistory.storedata is not in this evidence",
                List.of(), List.of(), List.of(), List.of(), List.of());
        ModuleResult broken = new ModuleResult("safari_history", ModuleStatus.ERROR, "History.db: file is not a database " + XSS,
                List.of(), List.of(), List.of(), List.of(), List.of());
        List<Custody.Entry> inputs = List.of(new Custody.Entry("private/var/mobile/Library/SMS/sms.db", 4096, "ab".repeat(32)));
        RunResult result = new RunResult("ios-fs", "/cases/Jane Doe/dump", List.of(broken, missing, m), List.of(), List.of(), inputs);
        RunInfo info = new RunInfo("vigil", "0.1.0-test", List.of("vigil", "check-fs", "/cases/Jane Doe/dump"), "2026-01-02T03:04:05Z",
                "2026-01-02T03:04:09Z", new RunInfo.Target("/cases/Jane Doe/dump", "ios-fs"), ResultWriter.iocInfo(iocs), inputs,
                ResultWriter.moduleInfo(result, Map.of("sms", "x.Sms", "calls", "x.Calls", "safari_history", "x.Safari")), List.of(),
                ResultWriter.countByLevel(result.alerts()));
        return new Fixture(result, info);
    }

    record Fixture(RunResult result, RunInfo info) {
        String html(String lang, boolean redact) {
            return HtmlReport.render(result, info, new HtmlReport.Options(lang, redact));
        }
    }

    static String h1(String html) {
        var m = Pattern.compile("<h1>(.*?)</h1>").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void strongVerdictNamesTheCollection() {
        String html = fixture(true, true).html("en", false);
        assertThat(h1(html)).isEqualTo("Strong signs of NSO Group Pegasus");
        assertThat(html).contains("verdict-strong").contains("Amnesty Forensic Methodology Report (2021)")
                .contains("<code class=\"ioc\">bad-pegasus.example</code>")
                .contains(Html.esc(Checker.IOC_CAVEAT))
                .contains("Amnesty International&#39;s Security Lab").contains("Access Now").contains("Citizen Lab")
                .contains("Do not reset it");
        // the critical alert comes before the medium one
        assertThat(html.indexOf("level-critical\" id=\"alert-1\"")).isPositive();
        assertThat(html.indexOf("id=\"alert-2\"")).isGreaterThan(html.indexOf("id=\"alert-1\""));
    }

    @Test
    void heuristicsOnlyNeedAnExpert() {
        String html = fixture(false, true).html("en", false);
        assertThat(h1(html)).isEqualTo("Warnings that need an expert&#39;s look");
        assertThat(html).contains("verdict-warn").contains("These warnings are not proof");
    }

    @Test
    void nothingFoundSaysItProvesNothing() {
        String html = fixture(false, false).html("en", false);
        assertThat(h1(html)).isEqualTo("No known indicators found \u2014 this does not prove the phone is clean");
        assertThat(html).contains("verdict-none").contains("No alerts.");
    }

    @Test
    void strongWithoutCollectionNameStillStrong() {
        Alert a = new Alert(Level.CRITICAL, "m", "x", null, null, new Alert.MatchedIndicator("domain", "a.b", "", "", null), null, null);
        assertThat(HtmlReport.verdict(List.of(a))).isEqualTo(HtmlReport.Verdict.STRONG);
        assertThat(HtmlReport.headline(List.of(a), Messages.of("en"))).isEqualTo("Strong signs of known spyware");
        Alert low = new Alert(Level.LOW, "m", "x", null, null, null, null, null);
        assertThat(HtmlReport.verdict(List.of(low))).isEqualTo(HtmlReport.Verdict.NONE);
    }

    @Test
    void hostileTextIsEscapedEverywhere() {
        String html = fixture(true, true).html("en", false);
        // only the report's own script element, and no injected tag or attribute
        assertThat(html.split("<script", -1)).hasSize(2);
        assertThat(html).doesNotContain("<img").doesNotContain(" onerror=alert(1)>").doesNotContain("alert('x')")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
        // the CSP allows only the report's own script, by hash
        assertThat(html).containsPattern("script-src 'sha256-[A-Za-z0-9+/=]{44}'").contains("default-src 'none'");
    }

    @Test
    void redactionHidesBodiesContactsPhonesAndEmailsButKeepsIndicators() {
        String html = fixture(true, true).html("en", true);
        assertThat(html).doesNotContain("Hi Jane").doesNotContain("+41 79 123 45 67").doesNotContain("+41791234567")
                .doesNotContain("jane.doe@example.org").doesNotContain("far away").doesNotContain("Jane Doe")
                .doesNotContain("attacker:");
        assertThat(html).contains("[redacted]").contains("bad-pegasus.example").contains("2021-07-14T10:00:00Z")
                .contains("This copy is redacted");
        String plain = fixture(true, true).html("en", false);
        assertThat(plain).contains("Hi Jane").contains("+41791234567").contains("Jane Doe");
    }

    @Test
    void redactorPatterns() {
        Redactor r = new Redactor("#");
        assertThat(r.text("m", "call 079 123 45 67 now")).isEqualTo("call # now");
        assertThat(r.text("m", "mail a.b+c@mail.example.com.")).isEqualTo("mail #.");
        assertThat(r.text("m", "at 2021-07-14T10:00:00Z from 10.0.0.1 pid 12345")).isEqualTo("at 2021-07-14T10:00:00Z from 10.0.0.1 pid 12345");
        assertThat(r.text("m", "https://x.example/path/1234567890")).isEqualTo("https://x.example/path/1234567890");
        assertThat(Redactor.sensitive("contact_name")).isTrue();
        assertThat(Redactor.sensitive("Body")).isTrue();
        assertThat(Redactor.sensitive("process_name")).isFalse();
        r.learn("sms", List.of(Record.of("handle", "Bob Smith", "url", "https://a.example")));
        assertThat(r.text("sms", "from Bob Smith: hi")).isEqualTo("from #: hi");
        assertThat(r.record("sms", Map.of("handle", "Bob Smith", "nested", Map.of("email", "x"))))
                .containsEntry("handle", "#").containsEntry("nested", Map.of("email", "#"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr", "ar"})
    void everyLanguageIsCompleteAndHasItsDirection(String lang) {
        assertThat(Messages.keys(lang)).containsExactlyInAnyOrderElementsOf(Messages.keys("en"));
        String html = fixture(true, false).html(lang, false);
        assertThat(html).contains("<html lang=\"" + lang + "\" dir=\"" + ("ar".equals(lang) ? "rtl" : "ltr") + "\">");
    }

    @Test
    void arabicIsRightToLeftWithLogicalCss() {
        String html = fixture(true, false).html("ar", false);
        assertThat(h1(html)).isEqualTo("مؤشرات قوية على NSO Group Pegasus");
        assertThat(html).contains("ماذا تفعل الآن");
        // the layout uses logical properties only, so it mirrors with the direction
        assertThat(html).doesNotContainPattern("(margin|padding|border)-(left|right)|text-align:(left|right)|float:");
        assertThat(fixture(false, false).html("fr", false)).contains("Aucun indicateur connu trouvé");
        assertThatThrownBy(() -> Messages.of("xx")).hasMessageContaining("available: en, fr, ar");
    }

    @Test
    void sameInputGivesByteIdenticalReportFromMemoryAndFromTheFolder(@TempDir Path tmp) throws Exception {
        Fixture f = fixture(true, true);
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        ResultWriter.write(a, f.result(), f.info());
        ResultWriter.write(b, f.result(), f.info());
        for (boolean redact : new boolean[] {false, true}) {
            var o = new HtmlReport.Options("en", redact);
            String mem = HtmlReport.render(f.result(), f.info(), o);
            assertThat(HtmlReport.render(a, o)).isEqualTo(mem);
            assertThat(HtmlReport.render(b, o)).isEqualTo(mem);
            assertThat(HtmlReport.render(f.result(), f.info(), o)).isEqualTo(mem);
        }
        Path out = HtmlReport.write(a, HtmlReport.Options.defaults(), null);
        assertThat(out).isEqualTo(a.resolve("report.html"));
        assertThat(Files.readAllBytes(HtmlReport.write(b, HtmlReport.Options.defaults(), tmp.resolve("x.html")))).isEqualTo(Files.readAllBytes(out));
    }

    @Test
    void timelineKeepsEventsNearAlertsAndSaysWhatItLeftOut() {
        String html = fixture(true, false).html("en", false);
        assertThat(html).contains("Showing 2 of 3 events").doesNotContain("far away");
        assertThat(html).contains("data-level=\"CRITICAL\"").contains("data-module=\"sms\"");
        // no JS needed to read it: the filters are hidden until the script shows them
        assertThat(html).contains("<form id=\"filters\" class=\"filters\" hidden>");
        String none = fixture(false, false).html("en", false);
        assertThat(none).contains("All 3 events.").contains("far away");
    }

    @Test
    void whatWasCheckedAndWhatCouldNotBeRead() {
        String html = fixture(true, false).html("en", false);
        assertThat(html).contains("2 of 3 checks could not read their artifact")
                .contains("CallHistory.storedata is not in this evidence")
                .contains("History.db: file is not a database &lt;script&gt;")
                .contains("row 7 skipped: &lt;script&gt;")
                .contains("ab".repeat(32)).contains("private/var/mobile/Library/SMS/sms.db")
                .contains("NSO Group Pegasus").contains("0.1.0-test");
    }

    @Test
    void readsTimelineCsvAsWritten() throws Exception {
        List<TimelineEvent> got = new ArrayList<>();
        HtmlReport.readTimeline(new StringReader("utc_time,module,event,data\r\n2021-01-01T00:00:00Z,sms,x,\"a, \"\"b\"\"\nc\"\n"
                + "2021-01-02T00:00:00Z,m,e,'=cmd()\n2021-01-03T00:00:00Z,m,e,last"), got::add);
        assertThat(got).containsExactly(new TimelineEvent("2021-01-01T00:00:00Z", "sms", "x", "a, \"b\"\nc"),
                new TimelineEvent("2021-01-02T00:00:00Z", "m", "e", "=cmd()"),
                new TimelineEvent("2021-01-03T00:00:00Z", "m", "e", "last"));
    }

    @Test
    void everyCheckWritesTheReportThroughItsHook(@TempDir Path tmp) throws Exception {
        assertThat(Check.hooks()).anyMatch(h -> h instanceof HtmlReport.Hook);
        Fixture f = fixture(true, false);
        ResultWriter.write(tmp, f.result(), f.info());
        new HtmlReport.Hook().written(tmp, f.result(), f.info());
        assertThat(Files.readString(tmp.resolve("report.html"))).isEqualTo(HtmlReport.render(tmp, HtmlReport.Options.defaults()));
    }
}
