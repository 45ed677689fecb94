package dev.vigil.core.report.html;

import dev.vigil.core.Version;
import dev.vigil.core.evidence.Custody;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.model.Times;
import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.report.RunInfo;
import dev.vigil.core.run.Check;
import dev.vigil.core.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The report people read: one self-contained {@code report.html} (no external asset, font or
 * script; opens offline; prints cleanly to PDF), rendered from a check's result.
 *
 * <p>It starts with a plain-language verdict and its strength, then what to do next; then each
 * alert (what matched, the indicator's collection and publication, why it matters, what it does
 * not prove); a timeline around the alerts, complete in the HTML and only filtered by a little
 * inline script; what was checked (modules, indicator sets, input hashes) and what could not be
 * read. Everything that comes from evidence is escaped with {@link Html#esc}, and a
 * Content-Security-Policy allows only the report's own script (by hash), as a second wall.
 *
 * <p>Deterministic: the same result folder gives a byte-identical report (no clock, sorted
 * output). The report is a pure function of run.json, alerts.json and timeline.csv (plus the
 * module record files when redacting).
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    /** Events kept around each alert in the timeline. */
    static final Duration WINDOW = Duration.ofHours(24);
    /** At most this many timeline rows in the HTML (the CSV has them all). */
    static final int MAX_ROWS = 5000;
    /** Without dated alerts, the first this-many events are shown. */
    static final int MAX_FIRST = 2000;
    private static final int MAX_VALUE = 2000;

    /** Language ("en", "fr", "ar") and redaction. */
    public record Options(String lang, boolean redact) {
        public static Options defaults() {
            return new Options("en", false);
        }
    }

    /** Writes report.html into each result folder a check writes (registered as a service). */
    public static final class Hook implements Check.ResultHook {
        @Override
        public void written(Path dir, RunResult result, RunInfo info) throws IOException {
            Files.writeString(dir.resolve(FILE), render(result, info, Options.defaults()), StandardCharsets.UTF_8);
        }
    }

    private HtmlReport() {}

    /** Renders the report of a result in memory (as a check has just produced it). */
    public static String render(RunResult result, RunInfo info, Options options) {
        Messages msg = Messages.of(options.lang());
        Redactor redactor = options.redact() ? new Redactor(msg.get("redacted.value")) : null;
        if (redactor != null) for (ModuleResult m : result.modules()) redactor.learn(m.slug(), m.records());
        List<Alert> alerts = result.alerts();
        Selection sel = new Selection(alerts);
        for (TimelineEvent e : result.timeline()) sel.accept(e);
        return new Renderer(msg, redactor, info, alerts, sel).render();
    }

    /** Renders the report of a result folder (run.json, alerts.json, timeline.csv, records when redacting). */
    public static String render(Path dir, Options options) throws IOException {
        Messages msg = Messages.of(options.lang());
        RunInfo info = ResultWriter.readRunInfo(dir);
        List<Alert> alerts = Files.exists(dir.resolve(ResultWriter.ALERTS)) ? ResultWriter.readAlerts(dir) : List.of();
        Redactor redactor = null;
        if (options.redact()) {
            redactor = new Redactor(msg.get("redacted.value"));
            for (RunInfo.ModuleInfo m : info.modules()) redactor.learn(m.slug(), ResultWriter.readRecords(dir, m.slug()));
        }
        Selection sel = new Selection(alerts);
        Path tl = dir.resolve(ResultWriter.TIMELINE);
        if (Files.exists(tl)) {
            try (BufferedReader r = Files.newBufferedReader(tl, StandardCharsets.UTF_8)) {
                readTimeline(r, sel);
            }
        }
        return new Renderer(msg, redactor, info, alerts, sel).render();
    }

    /** Renders and writes the report of a result folder; returns the file written. */
    public static Path write(Path dir, Options options, Path output) throws IOException {
        Path out = output == null ? dir.resolve(FILE) : output;
        Files.writeString(out, render(dir, options), StandardCharsets.UTF_8);
        return out;
    }

    // ------------------------------------------------------------------ verdict

    /** The three verdicts, strongest first. */
    public enum Verdict { STRONG, WARN, NONE }

    public static Verdict verdict(List<Alert> alerts) {
        if (alerts.stream().anyMatch(HtmlReport::strong)) return Verdict.STRONG;
        if (alerts.stream().anyMatch(a -> a.level() == Level.CRITICAL || a.level() == Level.HIGH || a.level() == Level.MEDIUM)) return Verdict.WARN;
        return Verdict.NONE;
    }

    /** A CRITICAL match of a published indicator. */
    static boolean strong(Alert a) {
        return a.level() == Level.CRITICAL && a.matchedIndicator() != null;
    }

    /** The verdict's headline in a language, naming the indicator collections behind a strong verdict. */
    public static String headline(List<Alert> alerts, Messages msg) {
        return switch (verdict(alerts)) {
            case STRONG -> {
                TreeSet<String> collections = new TreeSet<>();
                for (Alert a : alerts) {
                    if (strong(a) && a.matchedIndicator().collection() != null && !a.matchedIndicator().collection().isBlank()) {
                        collections.add(a.matchedIndicator().collection().strip());
                    }
                }
                yield collections.isEmpty() ? msg.get("verdict.strong.unnamed") : msg.get("verdict.strong", String.join(", ", collections));
            }
            case WARN -> msg.get("verdict.warn");
            case NONE -> msg.get("verdict.none");
        };
    }

    // ------------------------------------------------------------------ timeline selection

    /** Chooses the timeline rows shown: those near an alert (or the first ones), bounded. */
    static final class Selection implements Consumer<TimelineEvent> {
        private final long[] alertTimes;
        final List<TimelineEvent> kept = new ArrayList<>();
        long total;
        boolean truncated;

        Selection(List<Alert> alerts) {
            alertTimes = alerts.stream().map(a -> Times.parseIso(a.eventTime())).filter(t -> t != null)
                    .mapToLong(Instant::toEpochMilli).sorted().toArray();
        }

        boolean windowed() {
            return alertTimes.length > 0;
        }

        @Override
        public void accept(TimelineEvent e) {
            total++;
            if (windowed()) {
                if (kept.size() >= MAX_ROWS) {
                    truncated = true;
                    return;
                }
                Instant t = Times.parseIso(e.time());
                if (t == null || !near(t.toEpochMilli())) {
                    truncated = true;
                    return;
                }
                kept.add(e);
            } else if (kept.size() < MAX_FIRST) {
                kept.add(e);
            } else {
                truncated = true;
            }
        }

        private boolean near(long t) {
            int i = Arrays.binarySearch(alertTimes, t);
            if (i >= 0) return true;
            int ins = -i - 1;
            long w = WINDOW.toMillis();
            return (ins < alertTimes.length && alertTimes[ins] - t <= w) || (ins > 0 && t - alertTimes[ins - 1] <= w);
        }
    }

    /** Reads timeline.csv (RFC 4180, as written by ResultWriter) row by row, without loading it whole. */
    static void readTimeline(Reader r, Consumer<TimelineEvent> out) throws IOException {
        List<String> row = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean header = true;
        boolean any = false;
        int c;
        while ((c = r.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    r.mark(1);
                    int n = r.read();
                    if (n == '"') field.append('"');
                    else {
                        quoted = false;
                        if (n != -1) r.reset();
                    }
                } else {
                    field.append(ch);
                }
                continue;
            }
            any = true;
            switch (ch) {
                case '"' -> quoted = true;
                case ',' -> {
                    row.add(unformula(field.toString()));
                    field.setLength(0);
                }
                case '\r' -> { }
                case '\n' -> {
                    row.add(unformula(field.toString()));
                    field.setLength(0);
                    if (!header && row.size() >= 4) out.accept(new TimelineEvent(row.get(0), row.get(1), row.get(2), row.get(3)));
                    header = false;
                    row.clear();
                    any = false;
                }
                default -> field.append(ch);
            }
        }
        if (any || !row.isEmpty()) {
            row.add(unformula(field.toString()));
            if (!header && row.size() >= 4) out.accept(new TimelineEvent(row.get(0), row.get(1), row.get(2), row.get(3)));
        }
    }

    /** Undoes the quote ResultWriter puts before text starting like a spreadsheet formula. */
    private static String unformula(String v) {
        if (v.length() >= 2 && v.charAt(0) == '\'' && "=+-@\t\r".indexOf(v.charAt(1)) >= 0) return v.substring(1);
        return v;
    }

    static String sha256Base64(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ rendering

    private static final class Renderer {
        private final Messages msg;
        private final Redactor redactor;
        private final RunInfo info;
        private final List<Alert> alerts;
        private final Selection sel;
        private final StringBuilder h = new StringBuilder(64 * 1024);

        Renderer(Messages msg, Redactor redactor, RunInfo info, List<Alert> alerts, Selection sel) {
            this.msg = msg;
            this.redactor = redactor;
            this.info = info;
            List<Alert> sorted = new ArrayList<>(alerts);
            sorted.sort(Comparator.comparing(Alert::level)); // stable: keeps module order within a level
            this.alerts = sorted;
            this.sel = sel;
        }

        private String t(String key, Object... args) {
            return Html.esc(msg.get(key, args));
        }

        /** Evidence or module text: escaped, redacted when asked, and isolated from the page direction. */
        private String text(String module, String s) {
            return "<bdi>" + Html.esc(redactor == null ? s : redactor.text(module, s)) + "</bdi>";
        }

        /** A translated string whose placeholders take ready-made HTML (escaped by the caller). */
        private String tHtml(String key, String... html) {
            String[] marks = new String[html.length];
            for (int i = 0; i < html.length; i++) marks[i] = "\uE000" + i + "\uE001";
            String out = Html.esc(msg.get(key, (Object[]) marks));
            for (int i = 0; i < html.length; i++) out = out.replace(marks[i], html[i]);
            return out;
        }

        private static String bdi(String s) {
            return "<bdi>" + Html.esc(s) + "</bdi>";
        }

        String render() {
            String script = script();
            h.append("<!DOCTYPE html>\n<html lang=\"").append(msg.lang()).append("\" dir=\"").append(msg.dir()).append("\">\n<head>\n")
                    .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-")
                    .append(sha256Base64(script)).append("'; base-uri 'none'; form-action 'none'\">\n")
                    .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                    .append("<title>").append(t("title")).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
            verdictSection();
            next();
            alertSection();
            timeline();
            checked();
            unread();
            h.append("<footer><p>");
            if (redactor != null) h.append(t("redacted.note")).append("</p><p>");
            h.append(t("footer", info.version() == null ? Version.get() : info.version())).append("</p></footer>\n");
            h.append("<script>").append(script).append("</script>\n</body>\n</html>\n");
            return h.toString();
        }

        private void verdictSection() {
            Verdict v = HtmlReport.verdict(alerts);
            String cls = switch (v) { case STRONG -> "strong"; case WARN -> "warn"; case NONE -> "none"; };
            String target = info.target() == null ? "" : redactor != null ? msg.get("redacted.value") : info.target().path();
            String type = info.target() == null ? "" : info.target().type();
            h.append("<header class=\"verdict verdict-").append(cls).append("\" id=\"verdict\">\n<p class=\"title\">").append(t("title"))
                    .append("</p>\n<p class=\"subtitle\">").append(tHtml("subtitle", bdi(target), bdi(type), bdi(info.started()))).append("</p>\n");
            h.append("<h1>").append(Html.esc(headline(alerts, msg))).append("</h1>\n");
            h.append("<p><strong>").append(t("strength.label")).append(":</strong> ").append(t("strength." + cls)).append("</p>\n");
            Map<Level, Integer> counts = new EnumMap<>(Level.class);
            for (Level l : Level.values()) counts.put(l, 0);
            for (Alert a : alerts) counts.merge(a.level(), 1, Integer::sum);
            List<String> parts = new ArrayList<>();
            counts.forEach((l, n) -> parts.add(msg.get("level." + l.name()) + " " + n));
            h.append("<p class=\"counts\">").append(t("summary.alerts", String.join(" \u00b7 ", parts))).append("</p>\n");
            long notOk = info.modules() == null ? 0 : info.modules().stream().filter(m -> !"ok".equals(m.status())).count();
            if (notOk > 0) h.append("<p>").append(t("summary.partial", notOk, info.modules().size())).append("</p>\n");
            h.append("</header>\n");
        }

        private void next() {
            Verdict v = HtmlReport.verdict(alerts);
            h.append("<section id=\"next\">\n<h2>").append(t("next.title")).append("</h2>\n");
            if (v == Verdict.WARN) h.append("<p>").append(t("next.warn")).append("</p>\n");
            if (v == Verdict.NONE) h.append("<p>").append(t("next.none")).append("</p>\n");
            h.append("<ol>\n<li>").append(t("next.keep")).append("</li>\n");
            h.append("<li>").append(t("next.other")).append("</li>\n");
            h.append("<li>").append(t("next.help")).append("\n<ul>\n<li>").append(t("next.amnesty")).append("</li>\n<li>")
                    .append(t("next.accessnow")).append("</li>\n<li>").append(t("next.citizenlab")).append("</li>\n</ul></li>\n");
            h.append("<li>").append(t("next.share")).append("</li>\n</ol>\n</section>\n");
        }

        private void alertSection() {
            h.append("<section id=\"alerts\">\n<h2>").append(t("alerts.title", alerts.size())).append("</h2>\n");
            if (alerts.isEmpty()) h.append("<p>").append(t("alerts.none")).append("</p>\n");
            int i = 0;
            for (Alert a : alerts) {
                i++;
                String lvl = a.level().name();
                h.append("<article class=\"alert level-").append(lvl.toLowerCase(java.util.Locale.ROOT)).append("\" id=\"alert-").append(i).append("\">\n");
                h.append("<h3><span class=\"badge\">").append(t("level." + lvl)).append("</span> ").append(text(a.module(), a.message())).append("</h3>\n<dl>\n");
                dd("alert.module", bdi(a.module()));
                dd("alert.time", a.eventTime() == null ? t("alert.notime") : Html.esc(a.eventTime()));
                Alert.MatchedIndicator mi = a.matchedIndicator();
                if (mi != null) {
                    dd("alert.matched", "<code>" + Html.esc(mi.type()) + "</code> <code class=\"ioc\">" + Html.esc(mi.value()) + "</code>"
                            + (mi.match() == null ? "" : " (" + Html.esc(mi.match()) + ")"));
                    dd("alert.collection", bdi(mi.collection()));
                    dd("alert.source", bdi(mi.source()));
                }
                if (a.why() != null) dd("alert.why", text(a.module(), a.why()));
                if (a.caveat() != null) dd("alert.caveat", text(a.module(), a.caveat()));
                h.append("</dl>\n");
                if (a.event() != null && !a.event().fields().isEmpty()) {
                    Map<String, Object> fields = redactor == null ? a.event().fields() : redactor.record(a.module(), a.event().fields());
                    h.append("<details open><summary>").append(t("alert.event")).append("</summary>\n<table class=\"kv\">\n");
                    for (var e : fields.entrySet()) {
                        h.append("<tr><th>").append(Html.esc(e.getKey())).append("</th><td dir=\"auto\">").append(Html.esc(show(e.getValue()))).append("</td></tr>\n");
                    }
                    h.append("</table></details>\n");
                }
                h.append("</article>\n");
            }
            h.append("</section>\n");
        }

        private void dd(String key, String html) {
            h.append("<dt>").append(t(key)).append("</dt><dd>").append(html).append("</dd>\n");
        }

        private static String show(Object v) {
            String s;
            if (v == null) s = "null";
            else if (v instanceof String str) s = str;
            else {
                try {
                    s = Json.MAPPER.writeValueAsString(v);
                } catch (IOException e) {
                    s = String.valueOf(v);
                }
            }
            return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "\u2026" : s;
        }

        private record Row(String time, String module, String event, String level, String data) {}

        private void timeline() {
            List<Row> rows = new ArrayList<>(sel.kept.size() + alerts.size());
            for (TimelineEvent e : sel.kept) rows.add(new Row(e.time(), e.module(), e.event(), "", e.data()));
            for (Alert a : alerts) {
                if (Times.parseIso(a.eventTime()) != null) rows.add(new Row(a.eventTime(), a.module(), a.level().name(), a.level().name(), a.message()));
            }
            rows.sort(Comparator.comparing(Row::time).thenComparing(r -> r.level().isEmpty() ? 1 : 0)
                    .thenComparing(Row::module).thenComparing(Row::event).thenComparing(Row::data));
            h.append("<section id=\"timeline\">\n<h2>").append(t("timeline.title")).append("</h2>\n<p>");
            if (!sel.truncated) h.append(t("timeline.shownall", sel.total));
            else if (sel.windowed()) h.append(t("timeline.shown", sel.kept.size(), sel.total, MAX_ROWS));
            else h.append(t("timeline.shownfirst", sel.kept.size(), sel.total));
            h.append("</p>\n");
            if (rows.isEmpty()) {
                h.append("<p>").append(t("timeline.empty")).append("</p>\n</section>\n");
                return;
            }
            TreeSet<String> modules = new TreeSet<>();
            for (Row r : rows) modules.add(r.module());
            h.append("<form id=\"filters\" class=\"filters\" hidden>\n<label>").append(t("timeline.module"))
                    .append(" <select id=\"f-module\"><option value=\"\">").append(t("timeline.all")).append("</option>");
            for (String m : modules) h.append("<option>").append(Html.esc(m)).append("</option>");
            h.append("</select></label>\n<label>").append(t("timeline.level")).append(" <select id=\"f-level\"><option value=\"\">")
                    .append(t("timeline.all")).append("</option><option value=\"alerts\">").append(t("timeline.alertsonly"))
                    .append("</option><option value=\"events\">").append(t("timeline.eventsonly")).append("</option>");
            for (Level l : Level.values()) h.append("<option value=\"").append(l.name()).append("\">").append(t("level." + l.name())).append("</option>");
            h.append("</select></label>\n<label>").append(t("timeline.text")).append(" <input id=\"f-text\" type=\"search\"></label>\n")
                    .append("<output id=\"f-count\" data-format=\"").append(t("timeline.count")).append("\"></output>\n</form>\n");
            h.append("<table id=\"timeline-table\" class=\"timeline\">\n<thead><tr><th>").append(t("col.time")).append("</th><th>")
                    .append(t("col.module")).append("</th><th>").append(t("col.event")).append("</th><th>").append(t("col.data"))
                    .append("</th></tr></thead>\n<tbody>\n");
            for (Row r : rows) {
                boolean alert = !r.level().isEmpty();
                h.append("<tr data-module=\"").append(Html.esc(r.module())).append("\" data-level=\"").append(r.level()).append('"');
                if (alert) h.append(" class=\"alert-row level-").append(r.level().toLowerCase(java.util.Locale.ROOT)).append('"');
                h.append("><td class=\"time\">").append(Html.esc(r.time())).append("</td><td>").append(Html.esc(r.module())).append("</td><td>")
                        .append(alert ? t("level." + r.level()) : Html.esc(r.event())).append("</td><td dir=\"auto\">").append(Html.esc(redactor == null ? r.data() : redactor.text(r.module(), r.data())))
                        .append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n</section>\n");
        }

        private void checked() {
            h.append("<section id=\"checked\">\n<h2>").append(t("checked.title")).append("</h2>\n<dl>\n");
            if (info.target() != null) {
                dd("checked.evidence", redactor != null ? t("redacted.value") : "<code>" + Html.esc(info.target().path()) + "</code>");
                dd("checked.type", Html.esc(info.target().type()));
            }
            h.append("</dl>\n<p>").append(t("checked.when", info.started(), info.finished())).append(" \u2014 ")
                    .append(t("checked.tool", info.version())).append("</p>\n");
            h.append("<h3>").append(t("checked.modules")).append("</h3>\n<table>\n<thead><tr><th>").append(t("col.module")).append("</th><th>")
                    .append(t("col.status")).append("</th><th>").append(t("col.records")).append("</th><th>").append(t("col.alerts"))
                    .append("</th><th>").append(t("col.error")).append("</th></tr></thead>\n<tbody>\n");
            for (RunInfo.ModuleInfo m : modules()) {
                h.append("<tr class=\"status-").append(Html.esc(m.status())).append("\"><td>").append(Html.esc(m.slug())).append("</td><td>")
                        .append(status(m.status())).append("</td><td class=\"num\">").append(m.records()).append("</td><td class=\"num\">")
                        .append(m.alerts()).append("</td><td>").append(m.error() == null ? "" : text(m.slug(), m.error())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n<h3>").append(t("checked.iocs")).append("</h3>\n");
            List<RunInfo.IocSourceInfo> iocs = info.iocSources() == null ? List.of() : info.iocSources();
            if (iocs.isEmpty()) {
                h.append("<p>").append(t("checked.iocs.none")).append("</p>\n");
            } else {
                h.append("<table>\n<thead><tr><th>").append(t("col.file")).append("</th><th>").append(t("col.format")).append("</th><th>")
                        .append(t("col.count")).append("</th><th>").append(t("col.collections")).append("</th><th>").append(t("col.sha256"))
                        .append("</th></tr></thead>\n<tbody>\n");
                for (RunInfo.IocSourceInfo s : iocs) {
                    String collections = s.byCollection() == null ? "" : String.join(", ", new TreeSet<>(s.byCollection().keySet()));
                    h.append("<tr><td>").append(Html.esc(s.file())).append("</td><td>").append(Html.esc(s.format())).append("</td><td class=\"num\">")
                            .append(s.count()).append("</td><td>").append(Html.esc(collections)).append("</td><td><code class=\"hash\">")
                            .append(Html.esc(s.sha256())).append("</code></td></tr>\n");
                }
                h.append("</tbody>\n</table>\n");
            }
            List<Custody.Entry> inputs = info.inputs() == null ? List.of() : info.inputs();
            h.append("<h3>").append(t("checked.inputs", inputs.size())).append("</h3>\n");
            if (inputs.isEmpty()) {
                h.append("<p>").append(t("checked.inputs.none")).append("</p>\n");
            } else {
                h.append("<details><summary>").append(t("checked.inputs", inputs.size())).append("</summary>\n<table>\n<thead><tr><th>")
                        .append(t("col.path")).append("</th><th>").append(t("col.size")).append("</th><th>").append(t("col.sha256"))
                        .append("</th></tr></thead>\n<tbody>\n");
                for (Custody.Entry e : inputs) {
                    h.append("<tr><td>").append(text("", e.path())).append("</td><td class=\"num\">").append(e.size())
                            .append("</td><td><code class=\"hash\">").append(Html.esc(e.sha256())).append("</code></td></tr>\n");
                }
                h.append("</tbody>\n</table></details>\n");
            }
            h.append("</section>\n");
        }

        private List<RunInfo.ModuleInfo> modules() {
            return info.modules() == null ? List.of() : info.modules();
        }

        private String status(String s) {
            return switch (s == null ? "" : s) {
                case "ok", "not_found", "error" -> t("status." + s);
                default -> Html.esc(s);
            };
        }

        private void unread() {
            h.append("<section id=\"unread\">\n<h2>").append(t("unread.title")).append("</h2>\n");
            Map<String, List<RunInfo.ModuleInfo>> groups = new LinkedHashMap<>();
            groups.put("error", new ArrayList<>());
            groups.put("not_found", new ArrayList<>());
            for (RunInfo.ModuleInfo m : modules()) if (groups.containsKey(m.status())) groups.get(m.status()).add(m);
            List<RunInfo.ModuleInfo> partial = modules().stream().filter(m -> m.warnings() != null && !m.warnings().isEmpty()).toList();
            if (groups.get("error").isEmpty() && groups.get("not_found").isEmpty() && partial.isEmpty()) {
                h.append("<p>").append(t("unread.none")).append("</p>\n</section>\n");
                return;
            }
            if (!groups.get("error").isEmpty()) {
                h.append("<h3>").append(t("unread.error")).append("</h3>\n<ul>\n");
                for (RunInfo.ModuleInfo m : groups.get("error")) {
                    h.append("<li><strong>").append(Html.esc(m.slug())).append("</strong>: ").append(text(m.slug(), m.error())).append("</li>\n");
                }
                h.append("</ul>\n");
            }
            if (!groups.get("not_found").isEmpty()) {
                h.append("<h3>").append(t("unread.notfound")).append("</h3>\n<ul>\n");
                for (RunInfo.ModuleInfo m : groups.get("not_found")) {
                    h.append("<li><strong>").append(Html.esc(m.slug())).append("</strong>").append(m.error() == null ? "" : ": " + text(m.slug(), m.error())).append("</li>\n");
                }
                h.append("</ul>\n");
            }
            if (!partial.isEmpty()) {
                h.append("<h3>").append(t("unread.warnings")).append("</h3>\n<ul>\n");
                for (RunInfo.ModuleInfo m : partial) {
                    for (String w : m.warnings()) {
                        h.append("<li><strong>").append(Html.esc(m.slug())).append("</strong>: ").append(text(m.slug(), w)).append("</li>\n");
                    }
                }
                h.append("</ul>\n");
            }
            h.append("</section>\n");
        }

        private static String script() {
            return SCRIPT;
        }
    }

    private static final String SCRIPT = """
            (function () {
              var form = document.getElementById('filters');
              if (!form) return;
              form.hidden = false;
              form.addEventListener('submit', function (e) { e.preventDefault(); });
              var mod = document.getElementById('f-module'), lvl = document.getElementById('f-level'),
                  txt = document.getElementById('f-text'), cnt = document.getElementById('f-count');
              var rows = document.querySelectorAll('#timeline-table tbody tr');
              function apply() {
                var m = mod.value, l = lvl.value, t = txt.value.toLowerCase(), n = 0;
                for (var i = 0; i < rows.length; i++) {
                  var r = rows[i], rl = r.getAttribute('data-level');
                  var ok = (!m || r.getAttribute('data-module') === m)
                    && (!l || (l === 'alerts' ? rl !== '' : l === 'events' ? rl === '' : rl === l))
                    && (!t || r.textContent.toLowerCase().indexOf(t) >= 0);
                  r.hidden = !ok;
                  if (ok) n++;
                }
                cnt.textContent = cnt.getAttribute('data-format').replace('{0}', String(n));
              }
              mod.addEventListener('change', apply);
              lvl.addEventListener('change', apply);
              txt.addEventListener('input', apply);
              apply();
            })();
            """;

    private static final String CSS = """
            :root{color-scheme:light;--fg:#1b1b1b;--muted:#555;--line:#ccc;--crit:#9b1c1c;--high:#c2410c;--med:#a16207;--low:#1d4ed8;--ok:#166534}
            *{box-sizing:border-box}
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic",Tahoma,sans-serif;color:var(--fg);margin:0 auto;max-inline-size:70rem;padding-block:1rem;padding-inline:1.5rem;line-height:1.45;text-align:start}
            h1{font-size:1.7rem;margin-block:.3rem}
            h2{border-block-end:2px solid var(--line);padding-block-end:.2rem;margin-block-start:2rem}
            .verdict{border-inline-start:.6rem solid var(--muted);padding-block:.6rem;padding-inline:1rem;background:#f6f6f6}
            .verdict .title{font-weight:600;margin:0;color:var(--muted)}
            .verdict .subtitle{margin:0;color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}
            .verdict-strong{border-inline-start-color:var(--crit);background:#fdecec}
            .verdict-strong h1{color:var(--crit)}
            .verdict-warn{border-inline-start-color:var(--med);background:#fdf6e3}
            .verdict-none{border-inline-start-color:var(--ok);background:#eef7f0}
            article.alert{border:1px solid var(--line);border-inline-start:.4rem solid var(--muted);padding-block:.3rem .6rem;padding-inline:1rem;margin-block:1rem}
            article.level-critical{border-inline-start-color:var(--crit)}
            article.level-high{border-inline-start-color:var(--high)}
            article.level-medium{border-inline-start-color:var(--med)}
            article.level-low,article.level-info{border-inline-start-color:var(--low)}
            h3{font-size:1.1rem;overflow-wrap:anywhere}
            .badge{display:inline-block;padding-inline:.4rem;border-radius:.3rem;background:var(--fg);color:#fff;font-size:.8rem;text-transform:uppercase;vertical-align:middle}
            .level-critical .badge{background:var(--crit)}.level-high .badge{background:var(--high)}.level-medium .badge{background:var(--med)}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
            dt{font-weight:600;color:var(--muted)}
            dd{margin:0;overflow-wrap:anywhere}
            code{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:.9em;unicode-bidi:isolate;direction:ltr}
            code.ioc{background:#fff3c4;padding-inline:.2rem}
            table{border-collapse:collapse;inline-size:100%;font-size:.9rem;margin-block:.5rem}
            th,td{border:1px solid var(--line);padding-block:.2rem;padding-inline:.4rem;text-align:start;vertical-align:top;overflow-wrap:anywhere}
            thead th{background:#eee}
            td.num{text-align:end;font-variant-numeric:tabular-nums}
            td.time{white-space:nowrap;direction:ltr;unicode-bidi:isolate}
            table.kv th{inline-size:12rem;background:#fafafa}
            tr.alert-row td{font-weight:600}
            tr.alert-row.level-critical td{background:#fdecec}
            tr.alert-row.level-high td{background:#fff1e6}
            tr.alert-row.level-medium td{background:#fdf6e3}
            .filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding-block:.5rem;position:sticky;inset-block-start:0;background:#fff}
            .hash{font-size:.75rem;word-break:break-all}
            tr.status-error td{background:#fdecec}
            footer{margin-block-start:2rem;color:var(--muted);font-size:.85rem;border-block-start:1px solid var(--line)}
            @media print{
              body{max-inline-size:none;padding:0;font-size:10pt}
              .filters{display:none!important}
              #timeline-table tbody tr{display:table-row!important}
              article.alert,tr{break-inside:avoid}
              h2{break-after:avoid}
              details>*{display:block}
              .verdict,tr.alert-row td,code.ioc,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
            }
            """;
}
