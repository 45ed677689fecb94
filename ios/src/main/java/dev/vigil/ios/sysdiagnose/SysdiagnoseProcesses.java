package dev.vigil.ios.sysdiagnose;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.fs.TextLines;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Process sightings across a sysdiagnose: the process lists {@code ps.txt} and
 * {@code ps_thread.txt} (BSD ps columns, COMMAND last), {@code spindump-nosymbols.txt}
 * ({@code Process: name [pid]} / {@code Path: ...} blocks), {@code taskinfo.txt}
 * ({@code process: "name" [pid]}) and the shutdown logs. One record per process name: the
 * sources it was seen in, its paths and pids. Checked against process and file indicators;
 * a program running from {@code /private/var/db/} or {@code /private/var/tmp/} is flagged.
 */
public final class SysdiagnoseProcesses implements ArtifactModule {
    static final int MAX_PROCESSES = 50_000;
    static final int MAX_PER_FIELD = 50;
    static final Pattern SPIN_PROCESS = Pattern.compile("^Process:\\s+(.+?)\\s+\\[(\\d+)\\]");
    static final Pattern SPIN_PATH = Pattern.compile("^Path:\\s+(/.*?)\\s*$");
    static final Pattern TASK_PROCESS = Pattern.compile("process:\\s+\"([^\"]{1,1024})\"\\s+\\[(\\d+)\\]");

    @Override
    public String slug() {
        return "sysdiagnose_processes";
    }

    @Override
    public String description() {
        return "Processes seen in ps.txt, ps_thread.txt, spindump, taskinfo and the shutdown log, one row per name, vs process and path indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-sysdiagnose");
    }

    @Override
    public List<String> paths() {
        List<String> p = new ArrayList<>(List.of("ps.txt", "ps_thread.txt", "spindump-nosymbols.txt", "taskinfo.txt"));
        p.addAll(dev.vigil.ios.modules.fs.ShutdownLogPaths.PATHS);
        return p;
    }

    private static final class Seen {
        final TreeSet<String> sources = new TreeSet<>();
        final TreeSet<String> paths = new TreeSet<>();
        final TreeSet<Long> pids = new TreeSet<>();
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        TreeMap<String, Seen> table = new TreeMap<>();
        int read = 0;
        for (String name : List.of("ps.txt", "ps_thread.txt")) {
            EvidenceFile f = ctx.source().findOne(name);
            if (f == null) continue;
            read += guarded(ctx, f, in -> readPs(in, name, table, ctx));
        }
        EvidenceFile spin = ctx.source().findOne("spindump-nosymbols.txt");
        if (spin != null) read += guarded(ctx, spin, in -> readSpindump(in, table));
        EvidenceFile task = ctx.source().findOne("taskinfo.txt");
        if (task != null) read += guarded(ctx, task, in -> TextLines.read(in, 50_000_000, (line, n) -> {
            Matcher m = TASK_PROCESS.matcher(line);
            if (m.find()) add(table, m.group(1), null, parsePid(m.group(2)), "taskinfo.txt");
        }));
        for (String g : dev.vigil.ios.modules.fs.ShutdownLogPaths.PATHS) {
            for (EvidenceFile f : ctx.source().find(g)) {
                read += guarded(ctx, f, in -> {
                    for (var s : ShutdownLogParser.parse(in).shutdowns()) {
                        for (var c : s.clients()) add(table, basename(c.path()), c.path(), c.pid(), "shutdown.log");
                    }
                });
            }
        }
        if (read == 0) throw new ArtifactNotFoundException("no ps.txt, ps_thread.txt, spindump-nosymbols.txt, taskinfo.txt or shutdown log");
        if (table.size() >= MAX_PROCESSES) ctx.warn("more than " + MAX_PROCESSES + " process names: the rest were not recorded");
        for (var e : table.entrySet()) {
            Seen s = e.getValue();
            ctx.emit(Record.of("process", e.getKey(), "seen_in", new ArrayList<>(s.sources), "paths", new ArrayList<>(s.paths),
                    "pids", new ArrayList<>(s.pids)));
        }
    }

    interface Reader {
        void read(InputStream in) throws IOException;
    }

    private static int guarded(ModuleContext ctx, EvidenceFile f, Reader r) {
        try (InputStream in = ctx.source().open(f)) {
            r.read(in);
            ctx.used(f);
            return 1;
        } catch (IOException | RuntimeException e) {
            ctx.warn("could not read " + f.path() + ": " + e.getMessage());
            return 0;
        }
    }

    static void readPs(InputStream in, String source, TreeMap<String, Seen> table, ModuleContext ctx) throws IOException {
        int[] cols = {-1};
        int[] pidCol = {-1};
        long[] bad = {0};
        TextLines.read(in, 50_000_000, (line, n) -> {
            String t = line.strip();
            if (t.isEmpty()) return;
            String[] parts = t.split("\\s+");
            if (cols[0] < 0) {
                if (!t.contains("COMMAND")) return; // preamble before the header
                cols[0] = parts.length;
                for (int i = 0; i < parts.length; i++) if (parts[i].equals("PID")) pidCol[0] = i;
                return;
            }
            String[] f = t.split("\\s+", cols[0]);
            if (f.length < cols[0]) return; // thread lines of ps_thread.txt have no command
            String command = f[cols[0] - 1];
            long pid = pidCol[0] >= 0 ? parsePid(f[pidCol[0]]) : -1;
            if (pidCol[0] >= 0 && pid < 0) {
                bad[0]++;
                return;
            }
            String path = command.startsWith("/") ? executable(command) : null;
            String name = path != null ? basename(path) : command.split("\\s+")[0];
            add(table, name, path, pid, source);
        });
        if (cols[0] < 0) throw new IOException("no header line with COMMAND");
        if (bad[0] > 0) ctx.warn(source + ": " + bad[0] + " lines without a numeric PID were skipped");
    }

    static void readSpindump(InputStream in, TreeMap<String, Seen> table) throws IOException {
        String[] current = {null};
        long[] pid = {-1};
        TextLines.read(in, 50_000_000, (line, n) -> {
            Matcher m = SPIN_PROCESS.matcher(line);
            if (m.find()) {
                current[0] = m.group(1);
                pid[0] = parsePid(m.group(2));
                add(table, current[0], null, pid[0], "spindump-nosymbols.txt");
                return;
            }
            if (current[0] != null) {
                m = SPIN_PATH.matcher(line);
                if (m.find()) {
                    add(table, current[0], m.group(1), pid[0], "spindump-nosymbols.txt");
                    current[0] = null;
                }
            }
        });
    }

    /** The executable in a ps COMMAND: the text up to the first argument (" -"), app paths may hold spaces. */
    static String executable(String command) {
        int dash = command.indexOf(" -");
        String p = dash > 0 ? command.substring(0, dash) : command;
        if (!p.contains(".app/") && p.indexOf(' ') > 0) p = p.substring(0, p.indexOf(' '));
        return p.strip();
    }

    static String basename(String path) {
        if (path == null) return null;
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static long parsePid(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void add(TreeMap<String, Seen> table, String name, String path, long pid, String source) {
        if (name == null || name.isBlank()) return;
        String n = name.length() > 256 ? name.substring(0, 256) : name;
        Seen s = table.get(n);
        if (s == null) {
            if (table.size() >= MAX_PROCESSES) return;
            s = new Seen();
            table.put(n, s);
        }
        s.sources.add(source);
        if (path != null && s.paths.size() < MAX_PER_FIELD) s.paths.add(path.length() > 1024 ? path.substring(0, 1024) : path);
        if (pid >= 0 && s.pids.size() < MAX_PER_FIELD) s.pids.add(pid);
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Indicators ind = checker.indicators();
        String name = r.str("process");
        String where = String.join(", ", r.strings("seen_in"));
        Optional<Match> m = ind.process(name);
        if (m.isPresent()) {
            checker.ioc(r, m.get(), "The process " + name + " (seen in " + where + ")");
            return;
        }
        for (String p : r.strings("paths")) {
            m = ind.filePath(p);
            if (m.isEmpty()) m = dev.vigil.ios.modules.fs.Filesystem.component(ind, p);
            if (m.isPresent()) {
                checker.ioc(r, m.get(), "The process path " + p + " (seen in " + where + ")");
                return;
            }
        }
        for (String p : r.strings("paths")) {
            if (p.startsWith("/private/var/db/") || p.startsWith("/private/var/tmp/")) {
                checker.alert(Level.HIGH, r, "The process " + name + " ran from " + p + " (seen in " + where + ")",
                        "Programs on a stock iPhone run from the system volume or app bundles, not from /private/var/db/ or /private/var/tmp/.",
                        "A development or enterprise tool could run from there; identify the program.");
                return;
            }
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("process") + " seen in " + String.join(", ", r.strings("seen_in"));
    }
}
