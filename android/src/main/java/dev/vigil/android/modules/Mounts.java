package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Mounted filesystems from AndroidQF's mounts.json (a JSON array of {@code mount} output
 * lines, "dev on /system type ext4 (ro,seclabel)", or of /proc/mounts lines
 * "dev /system ext4 ro,seclabel 0 0"). System partitions mounted read-write are HIGH: on a
 * production phone they are read-only unless someone with root remounted them.
 */
public final class Mounts implements ArtifactModule {
    static final List<String> SYSTEM = List.of("/system", "/vendor", "/product", "/system_ext");

    @Override
    public String slug() {
        return "mounts";
    }

    @Override
    public String description() {
        return "Mounted filesystems; system partitions mounted read-write.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("mounts.json", "mounts.txt");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceFile f = ctx.require("mounts.json", "mounts.txt").get(0);
        ctx.used(f);
        List<String> lines = new ArrayList<>();
        if (f.name().endsWith(".json")) {
            JsonNode n = JsonFiles.read(ctx.source(), f, 256L << 20);
            if (n != null && n.isArray()) {
                for (JsonNode l : n) if (l.isTextual()) lines.add(l.asText());
            } else if (n != null && n.isTextual()) {
                lines.addAll(Arrays.asList(n.asText().split("\n")));
            } else {
                throw new java.io.IOException("mounts.json is neither a list of lines nor text");
            }
        } else {
            lines.addAll(Arrays.asList(new String(ctx.source().readAll(f, 16L << 20), StandardCharsets.UTF_8).split("\n")));
        }
        for (String line : lines) {
            Record r = parse(line.strip());
            if (r != null) ctx.emit(r);
        }
    }

    static Record parse(String line) {
        if (line.isEmpty()) return null;
        String dev, mp, fs, opts;
        int on = line.indexOf(" on "), type = line.indexOf(" type ");
        if (on > 0 && type > on) {
            dev = line.substring(0, on).strip();
            mp = line.substring(on + 4, type).strip();
            String rest = line.substring(type + 6).strip();
            int p = rest.indexOf('(');
            fs = (p > 0 ? rest.substring(0, p) : rest).strip();
            opts = p > 0 && rest.endsWith(")") ? rest.substring(p + 1, rest.length() - 1) : "";
        } else {
            String[] f = line.split("\\s+");
            if (f.length < 4) return null;
            dev = f[0];
            mp = f[1];
            fs = f[2];
            opts = f[3];
        }
        List<String> options = opts.isEmpty() ? List.of() : Arrays.stream(opts.split(",")).map(String::strip).toList();
        boolean system = SYSTEM.stream().anyMatch(s -> mp.equals(s) || mp.startsWith(s + "/")) || mp.equals("/");
        return Record.of("device", dev, "mount_point", mp, "filesystem_type", fs, "mount_options", opts,
                "options_list", options, "is_system_partition", system, "is_read_write", options.contains("rw"));
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        for (String k : new String[] {"mount_point", "device"}) {
            Optional<Match> m = c.indicators().filePath(r.str(k));
            if (m.isPresent()) {
                c.ioc(r, m.get(), "Mount " + k.replace('_', ' ') + " " + r.str(k));
                return;
            }
        }
        if (r.bool("is_system_partition") && r.bool("is_read_write")) {
            c.alert(Level.HIGH, r, "System partition " + r.str("mount_point") + " is mounted read-write",
                    "System partitions are read-only on production phones; read-write means someone with root remounted them, possibly to plant files.",
                    "Rooted phones and custom ROMs may mount them read-write on purpose.");
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("device") + " on " + r.str("mount_point") + " (" + r.str("mount_options") + ")";
    }
}
