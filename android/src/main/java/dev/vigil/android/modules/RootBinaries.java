package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Root binaries found by AndroidQF (root_binaries.json: a JSON array of paths); each is HIGH. */
public final class RootBinaries implements ArtifactModule {
    static final Map<String, String> KNOWN = Map.of("su", "SuperUser binary", "busybox", "BusyBox utilities",
            "supersu", "SuperSU root management", "superuser.apk", "Superuser app", "kingouser.apk", "KingRoot app",
            "supersu.apk", "SuperSU app", "magisk", "Magisk root framework", "magiskhide", "Magisk hide utility",
            "magiskinit", "Magisk init binary", "magiskpolicy", "Magisk policy binary");

    @Override
    public String slug() {
        return "root_binaries";
    }

    @Override
    public String description() {
        return "Root binaries (su, magisk, busybox...) found on the phone by AndroidQF.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("root_binaries.json");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceFile f = ctx.require("root_binaries.json").get(0);
        ctx.used(f);
        JsonNode n = JsonFiles.read(ctx.source(), f, 16L << 20);
        if (n == null || n.isNull()) return;
        if (!n.isArray()) throw new IOException("root_binaries.json is not a JSON array of paths");
        for (JsonNode p : n) {
            if (!p.isTextual() || p.asText().isBlank()) continue;
            String path = p.asText().strip();
            String bin = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            ctx.emit(Record.of("path", path, "binary_name", bin, "description", KNOWN.getOrDefault(bin, "Unknown root binary")));
        }
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        c.alert(Level.HIGH, r, "Root binary \"" + r.str("binary_name") + "\" found at " + r.str("path"),
                "Root binaries give any app full control of the phone; some spyware roots the phone to install itself.",
                "The owner may have rooted the phone on purpose.");
    }

    @Override
    public String describe(Record r) {
        return "Root binary found: " + r.str("path");
    }
}
