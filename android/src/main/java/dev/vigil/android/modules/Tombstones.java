package dev.vigil.android.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Native crash reports (tombstones) from a bugreport's FS/data/tombstones/: the text form
 * (all Android versions: "Build fingerprint:", "Timestamp:", "Cmdline:",
 * "pid: 1, tid: 2, name: x  >>> /path <<<", "uid:", "signal 11 (SIGSEGV), code 1
 * (SEGV_MAPERR)", "Abort message:") and the protobuf form of Android 12+ (tombstone_NN.pb,
 * tombstone.proto: build_fingerprint=2, revision=3, timestamp=4, pid=5, tid=6, uid=7,
 * selinux_label=8, command_line=9, signal_info=10 {number=1, name=2, code=3, code_name=4},
 * abort_message=14, threads=16 map<uint32, Thread{id=1, name=2}>, process_uptime=20).
 * Exploits crash processes; crashes of root (0), system (1000) and shell (2000) processes
 * are MEDIUM; process names and command lines are checked against process indicators.
 */
public final class Tombstones implements ArtifactModule {
    static final Set<Long> SUSPICIOUS_UIDS = Set.of(0L, 1000L, 2000L);
    static final long MAX_TOMBSTONE = 32L << 20;

    @Override
    public String slug() {
        return "tombstones";
    }

    @Override
    public String description() {
        return "Native crash reports (text and protobuf tombstones): crashed processes and privileged crashes.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.BUGREPORT, AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("FS/data/tombstones/*", "bugreport/FS/data/tombstones/*", "tombstones/*");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = new ArrayList<>();
        for (String g : paths()) files.addAll(ctx.source().find(g));
        files.removeIf(f -> !f.name().startsWith("tombstone"));
        if (files.isEmpty()) throw new ArtifactNotFoundException("no tombstones in FS/data/tombstones");
        // A tombstone_NN.pb supersedes the text tombstone_NN written next to it.
        Set<String> pb = new java.util.HashSet<>();
        for (EvidenceFile f : files) if (f.path().endsWith(".pb")) pb.add(f.path().substring(0, f.path().length() - 3));
        int failed = 0;
        for (EvidenceFile f : files) {
            if (!f.path().endsWith(".pb") && pb.contains(f.path())) continue;
            try {
                byte[] data = ctx.source().readAll(f, MAX_TOMBSTONE);
                ctx.used(f);
                Record r = f.path().endsWith(".pb") ? protobuf(data) : text(new String(data, StandardCharsets.UTF_8));
                Record out = Record.of("file_name", f.path(), "file_timestamp", Times.iso(f.modified()));
                r.fields().forEach(out::put);
                ctx.emit(out);
            } catch (IOException | RuntimeException e) {
                failed++;
                ctx.warn(f.path() + ": unreadable tombstone: " + e.getMessage());
            }
        }
        if (failed > 0 && failed == files.size()) throw new IOException("none of the " + failed + " tombstones could be read");
    }

    static Record text(String content) throws IOException {
        Record r = new Record();
        r.put("format", "text");
        boolean pidSeen = false;
        for (String raw : content.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("*** ***")) continue;
            if (line.startsWith("Build fingerprint:")) r.put("build_fingerprint", value(line));
            else if (line.startsWith("Revision:")) r.put("revision", value(line));
            else if (line.startsWith("ABI:")) r.put("arch", value(line));
            else if (line.startsWith("Timestamp:")) r.put("timestamp", Times.iso(AndroidTimes.withOffset(value(line))));
            else if (line.startsWith("Process uptime:")) r.put("process_uptime", parseLong(value(line).replace("s", "")));
            else if (line.startsWith("Cmdline:")) r.put("command_line", List.of(value(line)));
            else if (line.startsWith("pid:") && !pidSeen) {
                pidSeen = true;
                String[] parts = line.split(">>>", 2);
                for (String kv : parts[0].split(",")) {
                    String[] p = kv.split(":", 2);
                    if (p.length < 2) continue;
                    switch (p[0].strip()) {
                        case "pid" -> r.put("pid", parseLong(p[1].strip()));
                        case "tid" -> r.put("tid", parseLong(p[1].strip()));
                        case "name" -> r.put("process_name", p[1].strip());
                        default -> { }
                    }
                }
                if (parts.length > 1) r.put("binary_path", parts[1].replace("<<<", "").strip());
            } else if (line.startsWith("uid:") && !r.has("uid")) r.put("uid", parseLong(value(line)));
            else if (line.startsWith("signal ") && !r.has("signal_info")) r.put("signal_info", signal(line));
            else if (line.startsWith("Abort message:")) r.put("abort_message", value(line));
        }
        if (!r.has("pid") && !r.has("build_fingerprint")) throw new IOException("not a tombstone (no pid line, no build fingerprint)");
        return r;
    }

    private static Map<String, Object> signal(String line) {
        // signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0
        Map<String, Object> m = new LinkedHashMap<>();
        String[] parts = line.split(",");
        String[] sig = parts[0].substring(7).strip().split("\\s+", 2);
        m.put("number", parseLong(sig[0]));
        m.put("name", sig.length > 1 ? sig[1].replace("(", "").replace(")", "") : "UNKNOWN");
        if (parts.length > 1 && parts[1].strip().startsWith("code ")) {
            String[] code = parts[1].strip().substring(5).split("\\s+", 2);
            m.put("code", parseLong(code[0]));
            m.put("code_name", code.length > 1 ? code[1].replace("(", "").replace(")", "") : "UNKNOWN");
        }
        return m;
    }

    static Record protobuf(byte[] data) throws IOException {
        Record r = new Record();
        r.put("format", "protobuf");
        List<String> cmd = new ArrayList<>();
        Map<Long, String> threads = new LinkedHashMap<>();
        for (ProtoReader.Field f : ProtoReader.parse(data)) {
            switch (f.number()) {
                case 2 -> r.put("build_fingerprint", str(f));
                case 3 -> r.put("revision", str(f));
                case 4 -> r.put("timestamp", Times.iso(AndroidTimes.withOffset(str(f))));
                case 5 -> r.put("pid", f.value());
                case 6 -> r.put("tid", f.value());
                case 7 -> r.put("uid", f.value());
                case 8 -> r.put("selinux_label", str(f));
                case 9 -> {
                    if (cmd.size() < 1000) cmd.add(str(f));
                }
                case 10 -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    for (ProtoReader.Field g : f.message(0)) {
                        switch (g.number()) {
                            case 1 -> s.put("number", (long) (int) g.value());
                            case 2 -> s.put("name", g.string());
                            case 3 -> s.put("code", (long) (int) g.value());
                            case 4 -> s.put("code_name", g.string());
                            default -> { }
                        }
                    }
                    r.put("signal_info", s);
                }
                case 14 -> r.put("abort_message", str(f));
                case 16 -> {
                    long key = -1;
                    String name = null;
                    for (ProtoReader.Field e : f.message(0)) {
                        if (e.number() == 1 && e.wireType() == 0) key = e.value();
                        if (e.number() == 2 && e.wireType() == 2) {
                            for (ProtoReader.Field t : e.message(1)) if (t.number() == 2 && t.wireType() == 2) name = t.string();
                        }
                    }
                    if (key >= 0 && name != null && threads.size() < 10_000) threads.put(key, name);
                }
                case 20 -> r.put("process_uptime", f.value());
                default -> { }
            }
        }
        if (!r.has("pid")) throw new IOException("protobuf tombstone without a pid");
        r.put("command_line", cmd);
        long tid = r.num("tid", -1);
        r.put("process_name", threads.getOrDefault(tid, cmd.isEmpty() ? null : basename(cmd.get(0))));
        return r;
    }

    private static String str(ProtoReader.Field f) throws IOException {
        if (f.wireType() != 2) throw new IOException("field " + f.number() + " should be a string");
        return f.string();
    }

    private static String value(String line) {
        String v = line.substring(line.indexOf(':') + 1).strip();
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) v = v.substring(1, v.length() - 1);
        return v;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String basename(String p) {
        if (p == null) return null;
        String first = p.strip().split("\\s+", 2)[0];
        return first.substring(first.lastIndexOf('/') + 1);
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String proc = r.str("process_name");
        List<String> names = new ArrayList<>();
        if (proc != null) names.add(proc);
        List<String> cmd = r.strings("command_line");
        if (!cmd.isEmpty()) names.add(basename(cmd.get(0)));
        if (r.str("binary_path") != null) names.add(basename(r.str("binary_path")));
        for (String n : names) {
            Optional<Match> m = c.indicators().process(n);
            if (m.isPresent()) {
                c.ioc(r, m.get(), "Crashed process " + n);
                return;
            }
        }
        if (proc != null && proc.contains(".") && Apps.checkAppId(c, r, Apps.packageOf(proc), "Crashed process of package")) return;
        long uid = r.num("uid", -1);
        if (SUSPICIOUS_UIDS.contains(uid)) {
            c.alert(Level.MEDIUM, r, "Crash of process " + proc + " running as uid " + uid + " (" + r.str("file_name") + ")",
                    "Exploits against privileged processes (root, system, shell) often crash them; spyware infections have left such tombstones.",
                    "Privileged processes also crash because of ordinary bugs.");
        }
    }

    @Override
    public String describe(Record r) {
        Object s = r.get("signal_info");
        String sig = s instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "?";
        return "Crash of " + r.str("process_name") + " (uid " + r.str("uid") + ", " + sig + ")";
    }
}
