package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Running processes from AndroidQF: processes.json (its on-phone collector's /proc walk:
 * pid, uid, ppid, filename, path, context, command_line...) or processes.txt ({@code ps -A}
 * columns USER PID PPID VSZ RSS WCHAN ADDR S NAME). Names, executable paths and the first
 * command-line word are checked against process indicators, names of app processes
 * ("pkg:service") against app ids.
 */
public final class Processes implements ArtifactModule {
    @Override
    public String slug() {
        return "processes";
    }

    @Override
    public String description() {
        return "Running processes checked against process and app indicators.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("processes.json", "processes.txt", "ps.txt");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.require("processes.json", "processes.txt", "ps.txt");
        EvidenceFile f = files.get(0);
        ctx.used(f);
        if (f.name().endsWith(".json")) {
            JsonNode n = JsonFiles.read(ctx.source(), f, 256L << 20);
            if (n == null || !n.isArray()) throw new IOException(f.path() + " is not a JSON array of processes");
            for (JsonNode p : n) {
                List<String> cmd = new ArrayList<>();
                for (JsonNode a : p.path("command_line")) cmd.add(a.asText());
                String name = p.path("filename").asText("");
                if (name.startsWith("(") && name.endsWith(")")) name = name.substring(1, name.length() - 1);
                String proc = cmd.isEmpty() ? name : cmd.get(0);
                ctx.emit(Record.of("pid", p.path("pid").asLong(), "ppid", p.path("ppid").asLong(), "uid", p.path("uid").asLong(),
                        "proc_name", proc, "filename", name, "path", p.path("path").asText(null), "context", p.path("context").asText(null),
                        "command_line", cmd, "source", f.path()));
            }
            return;
        }
        String[] lines = new String(ctx.source().readAll(f, 256L << 20), StandardCharsets.UTF_8).split("\n");
        int n = 0;
        for (String line : lines) {
            String[] c = line.strip().split("\\s+");
            if (c.length < 9 || c[0].equals("USER") || !c[1].chars().allMatch(Character::isDigit)) continue;
            String name = String.join(" ", java.util.Arrays.copyOfRange(c, 8, c.length));
            ctx.emit(Record.of("user", c[0], "pid", Long.parseLong(c[1]), "ppid", parse(c[2]), "vsz", parse(c[3]), "rss", parse(c[4]),
                    "wchan", c[5], "addr", c[6], "state", c[7], "proc_name", name, "source", f.path()));
            n++;
        }
        if (n == 0) ctx.warn(f.path() + ": no process lines in ps format");
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String proc = r.str("proc_name");
        if (proc == null) return;
        List<String> names = new ArrayList<>();
        names.add(proc);
        names.add(proc.substring(proc.lastIndexOf('/') + 1));
        if (r.str("path") != null) names.add(r.str("path").substring(r.str("path").lastIndexOf('/') + 1));
        for (String n : names) {
            Optional<Match> m = c.indicators().process(n);
            if (m.isPresent()) {
                c.ioc(r, m.get(), "Running process " + proc);
                return;
            }
        }
        if (r.str("path") != null) {
            Optional<Match> m = c.indicators().filePath(r.str("path"));
            if (m.isPresent()) {
                c.ioc(r, m.get(), "Executable of running process " + proc);
                return;
            }
        }
        if (proc.contains(".") && !proc.startsWith("/")) Apps.checkAppId(c, r, Apps.packageOf(proc), "Running process of package");
    }

    @Override
    public String describe(Record r) {
        return "Process " + r.str("proc_name") + " (pid " + r.str("pid") + ")";
    }
}
