package dev.vigil.ios.modules.fs;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.sysdiagnose.ShutdownLogParser;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shutdown log, from a filesystem dump ({@code private/var/db/diagnostics/shutdown.log}
 * and its iOS 26 rotations {@code shutdown.N.log}) or a sysdiagnose
 * ({@code system_logs.logarchive/Extra/}). Records: one per client still running at a
 * shutdown ({@code kind=client}), one per shutdown ({@code kind=reboot}) and reboot counts
 * per month ({@code kind=month}). Checks: client paths and process names against
 * indicators; clients running from {@code /private/var/db/} or {@code /private/var/tmp/};
 * shutdowns delayed by three or more "these clients are still here" notices (Kaspersky's
 * iShutdown heuristic for Pegasus-era infections).
 */
public final class ShutdownLog implements ArtifactModule {
    static final int DELAY_THRESHOLD = 3;
    static final List<String> PATHS = ShutdownLogPaths.PATHS;

    @Override
    public String slug() {
        return "shutdownlog";
    }

    @Override
    public String description() {
        return "Shutdown log: processes still running at each shutdown vs indicators, clients in /private/var/db or /private/var/tmp, delayed reboots";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs", "ios-sysdiagnose");
    }

    @Override
    public List<String> paths() {
        return PATHS;
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.require(PATHS.toArray(String[]::new));
        Set<String> seenReboots = new HashSet<>();
        TreeMap<String, int[]> months = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        for (EvidenceFile f : files) {
            ShutdownLogParser.Result res;
            try (InputStream in = ctx.source().open(f)) {
                res = ShutdownLogParser.parse(in);
            } catch (Exception e) {
                failures.add(f.path() + ": " + e.getMessage());
                ctx.warn("could not read " + f.path() + ": " + e.getMessage());
                continue;
            }
            parsed++;
            ctx.used(f);
            if (res.cutLines() > 0) ctx.warn(f.path() + ": " + res.cutLines() + " over-long lines were cut");
            if (res.malformed() > 0) ctx.warn(f.path() + ": " + res.malformed() + " lines could not be parsed");
            if (res.stopped()) ctx.warn(f.path() + ": stopped at the line or shutdown limit");
            if (res.shutdowns().isEmpty()) ctx.warn(f.path() + ": no shutdown found in " + res.lines() + " lines (format " + res.format() + ")");
            for (ShutdownLogParser.Shutdown s : res.shutdowns()) {
                String ts = s.time() == null ? null : dev.vigil.core.model.Times.iso(s.time());
                if (ts != null && !seenReboots.add(ts)) continue; // the same shutdown in another copy of the log
                if (ts == null) ctx.warn(f.path() + ": a shutdown at line " + s.line() + " has no SIGTERM time");
                ctx.emit(Record.of("kind", "reboot", "timestamp", ts, "delay_notices", s.delayNotices(), "max_delay",
                        s.maxDelay(), "clients", s.clients().size(), "file", f.path(), "format", res.format()));
                for (ShutdownLogParser.Client c : s.clients()) {
                    ctx.emit(Record.of("kind", "client", "timestamp", ts, "pid", c.pid(), "client", c.rawPath(), "path", c.path(),
                            "uuid", c.uuid(), "process", basename(c.path()), "times_listed", c.notices(), "max_delay", c.maxDelay(),
                            "delay_notices", s.delayNotices(), "file", f.path()));
                }
                if (ts != null) {
                    int[] m = months.computeIfAbsent(ts.substring(0, 7), k -> new int[2]);
                    m[0]++;
                    if (s.delayNotices() >= DELAY_THRESHOLD) m[1]++;
                }
            }
        }
        if (parsed == 0) throw new java.io.IOException("no shutdown log could be read: " + String.join("; ", failures));
        for (var e : months.entrySet()) {
            ctx.emit(Record.of("kind", "month", "month", e.getKey(), "reboots", e.getValue()[0], "delayed_reboots", e.getValue()[1]));
        }
    }

    static String basename(String path) {
        if (path == null) return null;
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        String kind = r.str("kind");
        if ("reboot".equals(kind)) {
            long n = r.num("delay_notices", 0);
            if (n >= DELAY_THRESHOLD) {
                checker.alert(Level.MEDIUM, r, "A reboot was delayed by " + n + " \"these clients are still here\" notices (" + r.str("file") + ")",
                        "Kaspersky's iShutdown research found that Pegasus infections left shutdowns delayed by three or more such notices: some process kept running at shutdown.",
                        "Ordinary processes can delay a shutdown too; look at which clients were listed in this reboot.");
            }
            return;
        }
        if (!"client".equals(kind)) return;
        Indicators ind = checker.indicators();
        String path = r.str("path");
        String raw = r.str("client");
        Optional<Match> m = ind.filePath(path);
        if (m.isEmpty() && raw != null && !raw.equals(path)) m = ind.filePath(raw);
        if (m.isPresent()) {
            checker.ioc(r, m.get(), "The shutdown-log client " + raw);
            return;
        }
        m = ind.process(r.str("process"));
        if (m.isEmpty() && path != null) m = Filesystem.component(ind, path);
        if (m.isPresent()) {
            checker.ioc(r, m.get(), "The process " + r.str("process") + " still running at shutdown (" + raw + ")");
            return;
        }
        if (path != null && (path.startsWith("/private/var/db/") || path.startsWith("/private/var/tmp/"))) {
            checker.alert(Level.HIGH, r, "A process ran from " + path + " at shutdown",
                    "Programs on a stock iPhone run from the system volume or app bundles, never from /private/var/db/ or /private/var/tmp/; Pegasus ran from /private/var/db/com.apple.xpc.roleaccountd.staging/.",
                    "A development or enterprise tool could run from there; identify the program.");
        }
    }

    @Override
    public String describe(Record r) {
        return switch (String.valueOf(r.str("kind"))) {
            case "client" -> "Client " + r.str("client") + " with PID " + r.str("pid") + " was running when the device was shut down";
            case "reboot" -> "Shutdown with " + r.str("clients") + " lingering clients and " + r.str("delay_notices") + " delay notices";
            default -> r.str("month") + ": " + r.str("reboots") + " reboots";
        };
    }

}
