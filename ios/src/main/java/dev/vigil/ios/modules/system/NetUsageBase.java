package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code datausage} and {@code netusage} share: both are Core Data stores of the same
 * model (CoreTelephony's DataUsage.sqlite and networkd's netusage.sqlite) with a
 * {@code ZPROCESS} table (one row per process or app that used the network: {@code Z_PK},
 * {@code ZPROCNAME}, {@code ZBUNDLENAME}, {@code ZFIRSTTIMESTAMP}, {@code ZTIMESTAMP}) and a
 * {@code ZLIVEUSAGE} table (traffic counters: {@code ZHASPROCESS} pointing at a process,
 * {@code ZTIMESTAMP}, {@code ZWIFIIN}, {@code ZWIFIOUT}, {@code ZWWANIN}, {@code ZWWANOUT}).
 * Times are Cocoa seconds. Columns missing in some iOS versions are read as absent.
 *
 * <p>Records, one per {@code ZLIVEUSAGE} row and one per process without usage:
 * {@code kind} ("usage", "usage_without_process", "process"), {@code timestamp} (the usage
 * time, else the process's last time), {@code proc_id}, {@code proc_name}, {@code bundle_id},
 * {@code process_first_timestamp}, {@code process_timestamp}, {@code live_id},
 * {@code live_proc_id}, {@code live_timestamp}, {@code wifi_in}, {@code wifi_out},
 * {@code wwan_in}, {@code wwan_out}, {@code first_row_of_process} (usage rows: true on the
 * first row of each process), {@code database}; {@code netusage} adds {@code binary_present}.
 *
 * <p>Checks: process names (whole, and each part of "name/bundle" forms) against process
 * indicators, including iOS's truncation to 15-16 characters; bundle ids against app ids;
 * usage rows whose process row is gone; gaps in the process ids.
 */
abstract class NetUsageBase implements ArtifactModule {
    /** Gaps reported one by one up to this number, then summarised. */
    static final int MAX_GAP_ALERTS = 20;

    /** Name of the database for messages ("DataUsage.sqlite"). */
    abstract String databaseName();

    /** Called once per database with all its records before they are emitted, to add module-specific fields. */
    void enrich(ModuleContext ctx, List<Record> records) throws Exception {}

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.require(paths().toArray(String[]::new));
        for (EvidenceFile f : files) {
            if (f.path().endsWith("-wal") || f.path().endsWith("-shm")) continue;
            try (Sqlite db = Sqlite.open(ctx.source(), f)) {
                ctx.used(f);
                parse(ctx, db, f.path());
            }
        }
    }

    private record Process(long pk, String name, String bundle, Instant first, Instant last) {}

    private void parse(ModuleContext ctx, Sqlite db, String path) throws Exception {
        if (!db.hasTable("ZPROCESS")) throw new SQLException(path + " has no ZPROCESS table: not a " + databaseName() + " database of a known iOS version");
        Set<String> pc = db.columns("ZPROCESS");
        Map<Long, Process> processes = new TreeMap<>();
        String sql = "SELECT Z_PK, " + col(pc, "zprocname") + ", " + col(pc, "zbundlename") + ", " + col(pc, "zfirsttimestamp")
                + ", " + col(pc, "ztimestamp") + " FROM ZPROCESS ORDER BY Z_PK";
        db.query(sql, rs -> processes.put(rs.getLong(1),
                new Process(rs.getLong(1), rs.getString(2), rs.getString(3), cocoa(rs, 4), cocoa(rs, 5))));
        Set<Long> withUsage = new TreeSet<>();
        List<Record> out = new ArrayList<>();
        if (db.hasTable("ZLIVEUSAGE")) {
            Set<String> lc = db.columns("ZLIVEUSAGE");
            String lsql = "SELECT Z_PK, " + col(lc, "zhasprocess") + ", " + col(lc, "ztimestamp") + ", " + col(lc, "zwifiin") + ", "
                    + col(lc, "zwifiout") + ", " + col(lc, "zwwanin") + ", " + col(lc, "zwwanout") + " FROM ZLIVEUSAGE ORDER BY Z_PK";
            db.query(lsql, rs -> {
                Long procId = rs.getObject(2) == null ? null : rs.getLong(2);
                Process p = procId == null ? null : processes.get(procId);
                Instant live = cocoa(rs, 3);
                Record r = new Record();
                r.put("kind", p != null ? "usage" : "usage_without_process");
                r.put("timestamp", live != null ? live : p == null ? null : p.last() != null ? p.last() : p.first());
                processFields(r, p);
                r.put("live_id", rs.getLong(1));
                r.put("live_proc_id", procId);
                r.put("live_timestamp", live);
                r.put("wifi_in", num(rs, 4));
                r.put("wifi_out", num(rs, 5));
                r.put("wwan_in", num(rs, 6));
                r.put("wwan_out", num(rs, 7));
                r.put("database", path);
                // the first usage row of a process carries its first-use time on the timeline
                r.put("first_row_of_process", p != null && withUsage.add(p.pk()));
                out.add(r);
            });
        } else {
            ctx.warn(path + " has no ZLIVEUSAGE table: only process rows were read");
        }
        for (Process p : processes.values()) {
            if (withUsage.contains(p.pk())) continue;
            Record r = new Record();
            r.put("kind", "process");
            r.put("timestamp", p.last() != null ? p.last() : p.first());
            processFields(r, p);
            r.put("database", path);
            out.add(r);
        }
        enrich(ctx, out);
        long orphans = out.stream().filter(r -> "usage_without_process".equals(r.str("kind"))).count();
        for (Record r : out) ctx.emit(r);
        if (orphans > 0) ctx.warn(path + ": " + orphans + " usage rows point at process rows that no longer exist");
    }

    private static void processFields(Record r, Process p) {
        r.put("proc_id", p == null ? null : p.pk());
        r.put("proc_name", p == null ? null : p.name());
        r.put("bundle_id", p == null ? null : p.bundle());
        r.put("process_first_timestamp", p == null ? null : p.first());
        r.put("process_timestamp", p == null ? null : p.last());
    }

    private static String col(Set<String> cols, String name) {
        return cols.contains(name) ? name.toUpperCase(java.util.Locale.ROOT) : "NULL";
    }

    private static Instant cocoa(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o instanceof Number n ? Times.cocoa(n.doubleValue()) : null;
    }

    private static Long num(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o instanceof Number n ? n.longValue() : null;
    }

    // ------------------------------------------------------------------ checks

    /** The process-name match of a record, trying the whole name and each part of "a/b" forms. */
    static Optional<Match> processMatch(Indicators ind, String name) {
        if (name == null || name.isBlank()) return Optional.empty();
        Optional<Match> m = ind.process(name);
        if (m.isPresent() || name.indexOf('/') < 0) return m;
        String[] parts = name.split("/", 16);
        for (String part : parts) {
            if (part.isBlank()) continue;
            m = ind.process(part);
            if (m.isPresent()) return m;
        }
        return Optional.empty();
    }

    @Override
    public void check(List<Record> records, Checker checker) {
        Indicators ind = checker.indicators();
        Map<String, TreeSet<Long>> pidsByDb = new LinkedHashMap<>();
        for (Record r : records) {
            String name = r.str("proc_name");
            processMatch(ind, name).ifPresent(m -> checker.ioc(Level.CRITICAL, r, m,
                    "Process " + name + " in " + databaseName(),
                    "A process of this name used the network on this device according to " + databaseName()
                            + ", which is strong evidence, but a legitimate program can share a name with an indicator; "
                            + "an expert should confirm with the other artifacts of that time."));
            String bundle = r.str("bundle_id");
            if (bundle != null) ind.appId(bundle).ifPresent(m -> checker.ioc(Level.CRITICAL, r, m,
                    "App bundle id " + bundle + " in " + databaseName(), null));
            if ("usage_without_process".equals(r.str("kind"))) {
                if (r.has("live_proc_id")) {
                    checker.alert(Level.MEDIUM, r,
                            "Network usage row " + r.str("live_id") + " in " + databaseName() + " points at process id " + r.str("live_proc_id")
                                    + " whose process row no longer exists",
                            "iOS removes usage rows together with their process (or clears the link); a usage row still pointing at a "
                                    + "missing process suggests the process row was deleted from the database directly, which spyware has done to hide itself.",
                            "It does not say which process it was, and a crash during database maintenance can leave such rows.");
                } else {
                    checker.alert(Level.LOW, r,
                            "Network usage row " + r.str("live_id") + " in " + databaseName() + " is not linked to any process",
                            "The row's process link is empty, which happens when its process row was deleted; together with other "
                                    + "signs of deleted rows it can point at tampering.",
                            "iOS itself clears the link when it prunes old processes, so on its own this is weak evidence.");
                }
            }
            if (r.has("proc_id") && r.has("database")) {
                pidsByDb.computeIfAbsent(r.str("database"), k -> new TreeSet<>()).add(r.num("proc_id", -1));
            }
        }
        for (var e : pidsByDb.entrySet()) gaps(e.getKey(), e.getValue(), records, checker);
        checkMore(records, checker);
    }

    /** Module-specific checks after the shared ones. */
    void checkMore(List<Record> records, Checker checker) {}

    private void gaps(String db, TreeSet<Long> ids, List<Record> records, Checker checker) {
        List<long[]> gaps = new ArrayList<>();
        Long prev = null;
        for (long id : ids) {
            if (id < 0) continue;
            if (prev != null && id > prev + 1) gaps.add(new long[] {prev + 1, id - 1});
            prev = id;
        }
        if (gaps.isEmpty()) return;
        String caveat = "Process rows are also removed when iOS prunes old entries or when an app is deleted, so a gap alone "
                + "proves nothing; it matters when it lines up in time with other suspicious events.";
        String why = "Process ids (Z_PK) in " + databaseName() + " are given in sequence; a missing id means a process row was deleted. "
                + "Pegasus removed its own rows from this database (Amnesty's forensic methodology, 2021).";
        int n = 0;
        for (long[] g : gaps) {
            if (++n > MAX_GAP_ALERTS) break;
            long size = g[1] - g[0] + 1;
            Record ev = gapRecord(db, g, records);
            checker.alert(size > 1 ? Level.MEDIUM : Level.LOW, ev,
                    size == 1 ? "Process id " + g[0] + " is missing from " + databaseName() + " (a deleted process row)"
                            : "Process ids " + g[0] + " to " + g[1] + " (" + size + " rows) are missing from " + databaseName() + " (deleted process rows)",
                    why, caveat);
        }
        if (gaps.size() > MAX_GAP_ALERTS) {
            long missing = gaps.stream().skip(MAX_GAP_ALERTS).mapToLong(g -> g[1] - g[0] + 1).sum();
            checker.alert(Level.LOW, Record.of("database", db, "gaps", gaps.size() - MAX_GAP_ALERTS, "missing_ids", missing),
                    (gaps.size() - MAX_GAP_ALERTS) + " further gaps (" + missing + " process ids) in " + databaseName(), why, caveat);
        }
    }

    /** The event of a gap alert: the ids and the times of the processes around it. */
    private static Record gapRecord(String db, long[] g, List<Record> records) {
        String before = null, after = null;
        for (Record r : records) {
            if (!db.equals(r.str("database")) || !r.has("proc_id")) continue;
            long id = r.num("proc_id", -1);
            String t = r.str("process_first_timestamp") != null ? r.str("process_first_timestamp") : r.str("process_timestamp");
            if (id == g[0] - 1 && before == null) before = t;
            if (id == g[1] + 1 && after == null) after = t;
        }
        Record ev = new Record();
        ev.put("timestamp", after != null ? after : before);
        ev.put("database", db);
        ev.put("missing_from", g[0]);
        ev.put("missing_to", g[1]);
        ev.put("previous_process_first_timestamp", before);
        ev.put("next_process_first_timestamp", after);
        return ev;
    }

    /**
     * Timeline: the record's time, plus the process's first network use (on its first usage
     * row, or on its process row when it has no usage).
     */
    @Override
    public List<TimelineEvent> timeline(Record r) {
        List<TimelineEvent> out = new ArrayList<>();
        String t = r.str("timestamp");
        if (t != null) out.add(new TimelineEvent(t, slug(), slug(), describe(r)));
        String first = r.str("process_first_timestamp");
        boolean firstRow = "process".equals(r.str("kind")) || r.bool("first_row_of_process");
        if (first != null && firstRow && !first.equals(t)) {
            out.add(new TimelineEvent(first, slug(), slug(), "First network use by " + r.str("proc_name")
                    + (r.str("bundle_id") == null ? "" : " [" + r.str("bundle_id") + "]")));
        }
        return out;
    }

    @Override
    public String describe(Record r) {
        String name = r.str("proc_name") == null ? "(deleted process " + r.str("live_proc_id") + ")" : r.str("proc_name");
        String b = r.str("bundle_id") == null ? "" : " [" + r.str("bundle_id") + "]";
        return switch (r.str("kind") == null ? "" : r.str("kind")) {
            case "process" -> "Process " + name + b + " seen (first " + r.str("process_first_timestamp") + ")";
            default -> "Network use by " + name + b + ": WiFi in " + r.str("wifi_in") + " out " + r.str("wifi_out")
                    + ", cellular in " + r.str("wwan_in") + " out " + r.str("wwan_out");
        };
    }
}
