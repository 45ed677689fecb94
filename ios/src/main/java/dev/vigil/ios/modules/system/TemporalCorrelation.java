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
 * Suspicious sequences: anomalies of different kinds recorded within a few minutes of each
 * other (default 5). This generalises the timeline method Kaspersky published for Operation
 * Triangulation (2023, tool "triangle_check"): the creation of an empty SMS-attachment folder,
 * network use by {@code BackupAgent} (and a few processes the exploit chain woke up), some
 * system preference files touched and two location bundles stopping, all within five minutes,
 * while each event alone looked harmless.
 *
 * <p>Every event has a <em>class</em> ("sms", "file", "net", "location") and is <b>strong</b>
 * (suspicious on its own) or <b>context</b>. A window makes one MEDIUM alert when it holds
 * events of at least two classes, at least one of them strong; windows do not overlap (the
 * next window starts after the last event of an alerted one). Kaspersky counts two classes
 * as enough; requiring a strong event as well keeps ordinary coincidences (a photo received
 * while browsing) quiet.
 *
 * <p>The records it reads, by module slug, and the fields it uses:
 * <ul>
 *   <li>{@code sms_attachments} (class sms, context): every record, at {@code timestamp}
 *       (when the attachment or its folder was created); described by {@code filename},
 *       {@code transfer_name}, {@code attachment_path} or {@code path}; strong when that
 *       matches a file indicator.</li>
 *   <li>{@code manifest}: records whose {@code relative_path} (else {@code path}) is an
 *       SMS-attachment folder ({@code Library/SMS/Attachments/xx} or {@code .../xx/yy}, class
 *       sms, <b>strong</b>: a folder without its file is the Triangulation trace, unless the
 *       window also holds a deeper entry of that tree, a real attachment, as Kaspersky's method
 *       also rules), or one of
 *       {@link #SUSPICIOUS_FILES} (class file, context), or matches a file-path indicator
 *       (class file, strong); at each of {@code timestamp}, {@code created}, {@code modified},
 *       {@code status_changed}, {@code birth} present; {@code domain} for the description.</li>
 *   <li>{@code datausage}, {@code netusage}, {@code osanalytics_addaily} (class net): rows whose
 *       {@code proc_name} (osanalytics: {@code package}) matches a process indicator or is
 *       {@code BackupAgent}, whose {@code bundle_id} matches an app-id indicator, of
 *       {@code kind} "usage_without_process" with a {@code live_proc_id}, or with
 *       {@code binary_present} false: strong; rows of {@link #CONTEXT_PROCESSES} and
 *       "usage_without_process" rows without {@code live_proc_id}: context. At {@code timestamp} and, for usage rows,
 *       {@code process_first_timestamp}. Other rows are not events.</li>
 *   <li>{@code locationd_clients} (class location): clients matching an indicator
 *       ({@code client}, {@code bundle_id}, {@code executable}, {@code registered},
 *       {@code bundle_path}) or with an executable outside the usual system and app folders:
 *       strong, at {@code timestamp} and every value of {@code timestamps} (name to ISO time);
 *       the location bundles of {@link #CONTEXT_LOCATION_CLIENTS}: context, at their
 *       {@code timestamps.LocationTimeStopped}.</li>
 * </ul>
 * Everything it needs is in the stored records, so it re-runs unchanged on new indicators.
 */
public final class TemporalCorrelation implements RunAnalyzer {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Preference files the Triangulation chain touched (relative to the home or root folder). */
    public static final List<String> SUSPICIOUS_FILES = List.of(
            "Library/Preferences/com.apple.ImageIO.plist",
            "Library/Preferences/com.apple.locationd.StatusBarIconManager.plist",
            "Library/Preferences/com.apple.imservice.ids.FaceTime.plist");
    static final String SMS_ATTACHMENTS = "Library/SMS/Attachments/";
    /** Legitimate-but-deprecated processes whose network use is itself suspicious (Kaspersky: BackupAgent). */
    static final Set<String> PROCESSES_OF_NOTE = Set.of("BackupAgent");
    /** Processes the Triangulation chain made use the network: context events only. */
    static final Set<String> CONTEXT_PROCESSES = Set.of("nehelper", "com.apple.WebKit.WebContent",
            "powerd/com.apple.datausage.diagnostics", "lockdownd/com.apple.datausage.security");
    /** Location bundles that stopped during Triangulation infections: context events only. */
    static final Set<String> CONTEXT_LOCATION_CLIENTS = Set.of(
            "com.apple.locationd.bundle-/System/Library/LocationBundles/IonosphereHarvest.bundle",
            "com.apple.locationd.bundle-/System/Library/LocationBundles/WRMLinkSelection.bundle");
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
    record Event(Instant time, String module, String cls, String what, boolean strong) {
        /** A backup entry of a real attachment file: marks the window's SMS folders as an ordinary message. */
        boolean attachmentFile() {
            return "attachment_file".equals(cls);
        }

        boolean smsFolder() {
            return "manifest".equals(module) && "sms".equals(cls);
        }
    }

    /** The modules whose records make events, in the order their events are merged. */
    static final List<String> INPUTS = List.of("sms_attachments", "manifest", "datausage", "netusage", "locationd_clients", "osanalytics_addaily");

    @Override
    public void analyze(Map<String, List<Record>> bySlug, Checker checker) {
        Session s = session(checker.indicators());
        for (String slug : INPUTS) if (bySlug.containsKey(slug)) s.accept(slug, bySlug.get(slug));
        s.finish(checker);
    }

    /** Keeps only the events of each module's records (a few per hundred thousand manifest entries), not the records. */
    @Override
    public Session session(Indicators ind) {
        Map<String, List<Event>> bySlug = new java.util.concurrent.ConcurrentHashMap<>();
        return new Session() {
            @Override
            public void record(String slug, Record r) {
                if (!INPUTS.contains(slug)) return;
                List<Event> events = bySlug.computeIfAbsent(slug, k -> new ArrayList<>()); // one thread per slug
                switch (slug) {
                    case "sms_attachments" -> smsAttachment(r, ind, events);
                    case "manifest" -> manifest(r, ind, events);
                    case "datausage", "netusage" -> usage(slug, r, ind, events);
                    case "locationd_clients" -> locationd(r, ind, events);
                    default -> osanalytics(r, ind, events);
                }
            }

            @Override
            public void finish(Checker checker) {
                List<Event> events = new ArrayList<>();
                for (String slug : INPUTS) events.addAll(bySlug.getOrDefault(slug, List.of()));
                report(events, checker);
            }
        };
    }

    private void report(List<Event> events, Checker checker) {
        events.sort(Comparator.comparing(Event::time).thenComparing(Event::module).thenComparing(Event::what).thenComparing(Event::strong));
        // identical events (same time, module, text) count once
        List<Event> ev = new ArrayList<>(new LinkedHashSet<>(events));
        int i = 0;
        while (i < ev.size()) {
            Instant end = ev.get(i).time().plus(window);
            int j = i;
            while (j + 1 < ev.size() && !ev.get(j + 1).time().isAfter(end)) j++;
            List<Event> w = ev.subList(i, j + 1);
            Set<String> modules = new TreeSet<>();
            Set<String> classes = new TreeSet<>();
            boolean strong = false;
            boolean ordinaryMessage = w.stream().anyMatch(Event::attachmentFile);
            for (Event e : w) {
                if (e.attachmentFile()) continue;
                modules.add(e.module());
                classes.add(e.cls());
                // as in Kaspersky's method, a new folder next to a real attachment file is an ordinary message
                strong |= e.strong() && !(ordinaryMessage && e.smsFolder());
            }
            if (classes.size() >= 2 && strong) {
                alert(w, modules, classes, checker);
                i = j + 1;
            } else {
                i++;
            }
        }
    }

    private void alert(List<Event> all, Set<String> modules, Set<String> classes, Checker checker) {
        List<Event> w = all.stream().filter(e -> !e.attachmentFile()).toList();
        Record r = new Record();
        r.put("timestamp", w.get(0).time());
        r.put("end", w.get(w.size() - 1).time());
        r.put("window_seconds", window.toSeconds());
        r.put("artifacts", List.copyOf(modules));
        r.put("classes", List.copyOf(classes));
        r.put("event_count", w.size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Event e : w.subList(0, Math.min(w.size(), MAX_EVENTS_LISTED))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", Times.iso(e.time()));
            m.put("module", e.module());
            m.put("class", e.cls());
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
                "Events of " + classes.size() + " kinds (" + String.join(", ", classes) + ") fell within " + window.toMinutes() + " minutes of each other, including at least one "
                        + "that is suspicious on its own; zero-click infections such as Operation Triangulation (Kaspersky, 2023) left exactly such "
                        + "clusters (a new SMS attachment, network use by an odd process, system preferences touched).",
                "Closeness in time is not causation: ordinary activity can coincide. It points an expert at the minutes to examine; it does not "
                        + "prove an infection, and missing artifacts can hide a real sequence.");
    }

    // ------------------------------------------------------------------ event extraction

    private static void add(List<Event> out, Instant t, String module, String cls, String what, boolean strong) {
        if (t != null) out.add(new Event(t, module, cls, what, strong));
    }

    private static String first(Record r, String... keys) {
        for (String k : keys) if (r.str(k) != null && !r.str(k).isEmpty()) return r.str(k);
        return null;
    }

    private static void smsAttachment(Record r, Indicators ind, List<Event> out) {
        String name = first(r, "filename", "transfer_name", "attachment_path", "path");
        boolean strong = name != null && ind.filePath(name).isPresent();
        add(out, r.time("timestamp"), "sms_attachments", "sms", "SMS attachment " + (name == null ? "(no name)" : name), strong);
    }

    private static boolean isUnder(String path, String folder) {
        int i = path.indexOf(folder);
        return i == 0 || (i > 0 && path.charAt(i - 1) == '/');
    }

    /** True for "Library/SMS/Attachments/xx" and ".../xx/yy" (folders), false for deeper paths (files). */
    static boolean smsAttachmentFolder(String path) {
        int i = path.indexOf(SMS_ATTACHMENTS);
        if (i < 0 || (i > 0 && path.charAt(i - 1) != '/')) return false;
        String rest = path.substring(i + SMS_ATTACHMENTS.length());
        if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
        if (rest.isEmpty()) return false;
        return rest.split("/", -1).length <= 2;
    }

    private static void manifest(Record r, Indicators ind, List<Event> out) {
        String path = first(r, "relative_path", "path");
        if (path == null) return;
        String cls;
        boolean strong;
        String what;
        String domain = r.str("domain");
        String where = (domain == null ? "" : domain + ":") + path;
        boolean indicator = ind.filePath(path.startsWith("/") ? path : "/" + path).isPresent();
        if (smsAttachmentFolder(path)) {
            cls = "sms";
            strong = true;
            what = "SMS attachment folder " + where;
        } else if (isUnder(path, SMS_ATTACHMENTS)) {
            cls = "attachment_file";
            strong = false;
            what = "SMS attachment " + where;
        } else if (indicator) {
            cls = "file";
            strong = true;
            what = "file matching an indicator " + where;
        } else if (SUSPICIOUS_FILES.stream().anyMatch(p -> path.equals(p) || path.endsWith("/" + p))) {
            cls = "file";
            strong = false;
            what = "system preference file " + where;
        } else {
            return;
        }
        Set<Instant> times = new TreeSet<>();
        for (String k : List.of("timestamp", "created", "modified", "status_changed", "birth")) {
            Instant t = r.time(k);
            if (t != null) times.add(t);
        }
        for (Instant t : times) add(out, t, "manifest", cls, what, strong);
    }

    private static void usage(String slug, Record r, Indicators ind, List<Event> out) {
        String name = r.str("proc_name");
        String bundle = r.str("bundle_id");
        String reason = null;
        boolean strong = true;
        if (NetUsageBase.processMatch(ind, name).isPresent()) reason = "process matching an indicator";
        else if (bundle != null && ind.appId(bundle).isPresent()) reason = "app matching an indicator";
        else if ("usage_without_process".equals(r.str("kind"))) {
            reason = r.has("live_proc_id") ? "usage of a deleted process row" : "usage not linked to a process";
            strong = r.has("live_proc_id");
        }
        else if (Boolean.FALSE.equals(r.get("binary_present"))) reason = "process without bundle or binary";
        else if (name != null && PROCESSES_OF_NOTE.contains(name)) reason = "network use by " + name;
        else if (name != null && CONTEXT_PROCESSES.contains(name)) {
            reason = "network use";
            strong = false;
        }
        if (reason == null) return;
        String what = (name == null ? "deleted process " + r.str("live_proc_id") : name) + " (" + reason + ")";
        Instant t = r.time("timestamp");
        Instant first = r.time("process_first_timestamp");
        add(out, t, slug, "net", what, strong);
        if (first != null && !first.equals(t)) add(out, first, slug, "net", "first network use: " + what, strong);
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
        Map<?, ?> stamps = r.get("timestamps") instanceof Map<?, ?> m ? m : Map.of();
        if (strong || odd) {
            String what = "location client " + client + (odd ? " (executable outside system and app folders)" : " (matching an indicator)");
            Set<Instant> times = new TreeSet<>();
            if (r.time("timestamp") != null) times.add(r.time("timestamp"));
            for (Object v : stamps.values()) {
                Instant t = v == null ? null : Times.parseIso(v.toString());
                if (t != null) times.add(t);
            }
            for (Instant t : times) add(out, t, "locationd_clients", "location", what, true);
        } else if (client != null && CONTEXT_LOCATION_CLIENTS.contains(client)) {
            Object v = stamps.get("LocationTimeStopped");
            Instant t = v == null ? null : Times.parseIso(v.toString());
            add(out, t, "locationd_clients", "location", "location stopped: " + client, false);
        }
    }

    private static void osanalytics(Record r, Indicators ind, List<Event> out) {
        String p = r.str("package");
        if (p == null) return;
        boolean strong = ind.process(p).isPresent() || PROCESSES_OF_NOTE.contains(p);
        if (!strong && !CONTEXT_PROCESSES.contains(p)) return;
        add(out, r.time("timestamp"), "osanalytics_addaily", "net", "daily network baseline of " + p, strong);
    }
}
