package dev.vigil.ios.modules.system;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.RunAnalyzer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Suspicious sequences: anomalies from different artifacts that happen within a few minutes
 * of each other (default 5). This generalises the timeline method Kaspersky published for
 * Operation Triangulation (2023), where the creation of an SMS-attachment folder, network use
 * by an odd process ({@code BackupAgent}) and changes to system preferences fell within the
 * same minutes, while each event alone looked harmless.
 *
 * <p>Events are <b>strong</b> (an anomaly on its own) or <b>context</b> (ordinary on its own).
 * A window makes one MEDIUM alert when it holds events from at least two different artifacts
 * and at least one strong event; windows do not overlap (the next window starts after the last
 * event of an alerted one). The records it reads, by module slug, and the fields it uses:
 * <ul>
 *   <li>{@code sms_attachments}: every record with a {@code timestamp} (when the attachment
 *       or its folder was created) is a context event, described by its {@code filename},
 *       {@code transfer_name}, {@code attachment_path} or {@code path} field; strong when that
 *       name or path matches a file-name or file-path indicator.</li>
 *   <li>{@code manifest}: records whose {@code relative_path} (else {@code path}) lies under
 *       one of {@link #SUSPICIOUS_PATHS} are context events at {@code timestamp} (else
 *       {@code created}, else {@code modified}); strong when the path matches a file-path
 *       indicator.</li>
 *   <li>{@code datausage}, {@code netusage}: strong events for rows whose {@code proc_name}
 *       matches a process indicator or whose {@code bundle_id} matches an app-id indicator,
 *       rows of {@code kind} "usage_without_process", rows with {@code binary_present} false,
 *       and rows of {@code BackupAgent} with traffic ({@code wifi_in}, {@code wifi_out},
 *       {@code wwan_in}, {@code wwan_out}); at {@code timestamp} and at
 *       {@code process_first_timestamp}. Other rows are not events.</li>
 *   <li>{@code locationd_clients}: every client at {@code timestamp} and at each value of its
 *       {@code timestamps} map (name to ISO time); strong when {@code client},
 *       {@code bundle_id} or the executable ({@code executable}, {@code registered},
 *       {@code bundle_path}) matches an indicator or the executable lies outside the usual
 *       system and app folders, context otherwise.</li>
 *   <li>{@code osanalytics_addaily}: every {@code netUsageBaseline} entry at {@code timestamp};
 *       strong when its {@code package} matches a process indicator or is {@code BackupAgent},
 *       context otherwise.</li>
 * </ul>
 * Everything it needs is in the stored records, so it re-runs unchanged on new indicators.
 */
public final class TemporalCorrelation implements RunAnalyzer {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Paths (relative, as in a backup's domain or on the phone) whose new entries are context events. */
    public static final List<String> SUSPICIOUS_PATHS = List.of(
            "Library/SMS/Attachments/",
            "Library/Preferences/com.apple.ImageIO.plist",
            "Library/Preferences/com.apple.locationd.StatusBarIconManager.plist",
            "Library/Preferences/com.apple.imservice.ids.FaceTime.plist");
    /** Legitimate-but-deprecated processes whose network use Kaspersky found abused (Triangulation). */
    static final Set<String> PROCESSES_OF_NOTE = Set.of("BackupAgent");
    /** Executable folders of system daemons and apps; a locationd client elsewhere is odd. */
    static final List<String> USUAL_EXECUTABLE_PREFIXES = List.of(
            "/System/", "/usr/", "/Applications/", "/private/var/containers/Bundle/", "/var/containers/Bundle/",
            "/Developer/", "/sbin/", "/bin/", "/Library/Application Support/", "/private/var/mobile/Containers/Bundle/");
    static final int MAX_EVENTS_LISTED = 50;

    private final Duration window;

    public TemporalCorrelation() {
        this(DEFAULT_WINDOW);
    }

    public TemporalCorrelation(Duration window) {
        this.window = window;
    }

    @Override
    public String slug() {
        return "suspicious_sequences";
    }

    @Override
    public boolean appliesTo(String evidenceType) {
        return "ios-backup".equals(evidenceType) || "ios-fs".equals(evidenceType);
    }

    /** One event on the merged timeline. */
    record Event(Instant time, String module, String what, boolean strong) {}

    @Override
    public void analyze(Map<String, List<Record>> bySlug, Checker checker) {
        Indicators ind = checker.indicators();
        List<Event> events = new ArrayList<>();
        for (Record r : bySlug.getOrDefault("sms_attachments", List.of())) smsAttachment(r, ind, events);
        for (Record r : bySlug.getOrDefault("manifest", List.of())) manifest(r, ind, events);
        for (String s : List.of("datausage", "netusage")) for (Record r : bySlug.getOrDefault(s, List.of())) usage(s, r, ind, events);
        for (Record r : bySlug.getOrDefault("locationd_clients", List.of())) locationd(r, ind, events);
        for (Record r : bySlug.getOrDefault("osanalytics_addaily", List.of())) osanalytics(r, ind, events);
        events.sort(Comparator.comparing(Event::time).thenComparing(Event::module).thenComparing(Event::what));
        // identical events (same time, module, text) count once
        List<Event> ev = new ArrayList<>(new LinkedHashSet<>(events));
        int i = 0;
        while (i < ev.size()) {
            Instant end = ev.get(i).time().plus(window);
            int j = i;
            while (j + 1 < ev.size() && !ev.get(j + 1).time().isAfter(end)) j++;
            List<Event> w = ev.subList(i, j + 1);
            Set<String> modules = new TreeSet<>();
            boolean strong = false;
            for (Event e : w) {
                modules.add(e.module());
                strong |= e.strong();
            }
            if (modules.size() >= 2 && strong) {
                alert(w, modules, checker);
                i = j + 1;
            } else {
                i++;
            }
        }
    }

    private void alert(List<Event> w, Set<String> modules, Checker checker) {
        Record r = new Record();
        r.put("timestamp", w.get(0).time());
        r.put("end", w.get(w.size() - 1).time());
        r.put("window_seconds", window.toSeconds());
        r.put("artifacts", List.copyOf(modules));
        r.put("event_count", w.size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Event e : w.subList(0, Math.min(w.size(), MAX_EVENTS_LISTED))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", Times.iso(e.time()));
            m.put("module", e.module());
            m.put("event", e.what());
            m.put("strong", e.strong());
            list.add(m);
        }
        r.put("events", list);
        long seconds = Duration.between(w.get(0).time(), w.get(w.size() - 1).time()).toSeconds();
        StringBuilder msg = new StringBuilder("Suspicious sequence: " + w.size() + " events from " + String.join(", ", modules)
                + " within " + seconds + " s: ");
        for (int k = 0; k < Math.min(w.size(), 5); k++) {
            if (k > 0) msg.append("; ");
            msg.append(Times.iso(w.get(k).time())).append(' ').append(w.get(k).module()).append(": ").append(w.get(k).what());
        }
        if (w.size() > 5) msg.append("; ...");
        checker.alert(Level.MEDIUM, r, msg.toString(),
                "Anomalies recorded by different artifacts fell within " + window.toMinutes() + " minutes of each other, including at least one "
                        + "that is suspicious on its own; zero-click infections such as Operation Triangulation (Kaspersky, 2023) left exactly such "
                        + "clusters (a new SMS attachment, network use by an odd process, system preferences touched).",
                "Closeness in time is not causation: ordinary activity can coincide. It points an expert at the minutes to examine; it does not "
                        + "prove an infection, and missing artifacts can hide a real sequence.");
    }

    // ------------------------------------------------------------------ event extraction

    private static void add(List<Event> out, Instant t, String module, String what, boolean strong) {
        if (t != null) out.add(new Event(t, module, what, strong));
    }

    private static String first(Record r, String... keys) {
        for (String k : keys) if (r.str(k) != null && !r.str(k).isEmpty()) return r.str(k);
        return null;
    }

    private static void smsAttachment(Record r, Indicators ind, List<Event> out) {
        String name = first(r, "filename", "transfer_name", "attachment_path", "path");
        boolean strong = name != null && ind.filePath(name).isPresent();
        add(out, r.time("timestamp"), "sms_attachments", "SMS attachment " + (name == null ? "(no name)" : name) + " created", strong);
    }

    private static void manifest(Record r, Indicators ind, List<Event> out) {
        String path = first(r, "relative_path", "path");
        if (path == null) return;
        boolean indicator = ind.filePath(path.startsWith("/") ? path : "/" + path).isPresent() || ind.filePath(path).isPresent();
        boolean suspicious = false;
        for (String p : SUSPICIOUS_PATHS) {
            if (path.startsWith(p) || path.contains("/" + p)) {
                suspicious = true;
                break;
            }
        }
        if (!suspicious && !indicator) return;
        Instant t = r.time("timestamp");
        if (t == null) t = r.time("created");
        if (t == null) t = r.time("modified");
        String domain = r.str("domain");
        add(out, t, "manifest", "backup entry " + (domain == null ? "" : domain + ":") + path, indicator);
    }

    private static void usage(String slug, Record r, Indicators ind, List<Event> out) {
        String name = r.str("proc_name");
        String bundle = r.str("bundle_id");
        String reason = null;
        if (NetUsageBase.processMatch(ind, name).isPresent()) reason = "process matching an indicator";
        else if (bundle != null && ind.appId(bundle).isPresent()) reason = "app matching an indicator";
        else if ("usage_without_process".equals(r.str("kind"))) reason = "usage of a deleted process row";
        else if (Boolean.FALSE.equals(r.get("binary_present"))) reason = "process without bundle or binary";
        else if (name != null && PROCESSES_OF_NOTE.contains(name) && traffic(r) > 0) reason = "network use by " + name;
        if (reason == null) return;
        String what = (name == null ? "deleted process " + r.str("live_proc_id") : name) + " (" + reason + ")";
        Instant t = r.time("timestamp");
        Instant first = r.time("process_first_timestamp");
        add(out, t, slug, what, true);
        if (first != null && !first.equals(t)) add(out, first, slug, "first network use: " + what, true);
    }

    private static long traffic(Record r) {
        long s = 0;
        for (String k : List.of("wifi_in", "wifi_out", "wwan_in", "wwan_out")) s += Math.max(0, r.num(k, 0));
        return s;
    }

    private static void locationd(Record r, Indicators ind, List<Event> out) {
        String client = r.str("client");
        boolean strong = (client != null && (ind.appId(client).isPresent() || ind.process(client).isPresent()))
                || (r.str("bundle_id") != null && ind.appId(r.str("bundle_id")).isPresent());
        boolean odd = false;
        for (String k : List.of("executable", "registered", "bundle_path")) {
            String p = r.str(k);
            if (p == null || p.isEmpty()) continue;
            if (ind.filePath(p).isPresent() || ind.process(p.substring(p.lastIndexOf('/') + 1)).isPresent()) strong = true;
            if (p.startsWith("/") && USUAL_EXECUTABLE_PREFIXES.stream().noneMatch(p::startsWith)) odd = true;
        }
        String what = "location client " + client + (odd ? " (executable outside system and app folders)" : "");
        Set<Instant> times = new TreeSet<>();
        if (r.time("timestamp") != null) times.add(r.time("timestamp"));
        if (r.get("timestamps") instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                Instant t = v == null ? null : Times.parseIso(v.toString());
                if (t != null) times.add(t);
            }
        }
        for (Instant t : times) add(out, t, "locationd_clients", what, strong || odd);
    }

    private static void osanalytics(Record r, Indicators ind, List<Event> out) {
        String p = r.str("package");
        if (p == null) return;
        boolean strong = ind.process(p).isPresent() || PROCESSES_OF_NOTE.contains(p);
        add(out, r.time("timestamp"), "osanalytics_addaily", "daily network baseline of " + p, strong);
    }

}
