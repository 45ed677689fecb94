package dev.vigil.server.testing;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Test-only module for {@link NotesEvidenceType}: one record per note; links checked against the indicators. */
public final class NotesModule implements ArtifactModule {
    @Override
    public String slug() {
        return "test_notes";
    }

    @Override
    public String description() {
        return "Test notes";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("test-notes");
    }

    @Override
    public List<String> paths() {
        return List.of("notes/notes.tsv");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        for (EvidenceFile f : ctx.require("notes/notes.tsv")) {
            String text = new String(ctx.source().readAll(f, 64 << 20), StandardCharsets.UTF_8);
            String[] lines = text.split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] p = lines[i].split("\t", 3);
                if (p.length < 3) {
                    if (!lines[i].isBlank()) ctx.warn("line " + (i + 1) + " has fewer than 3 fields");
                    continue;
                }
                ctx.emit(Record.of("timestamp", p[0], "sender", p[1], "body", p[2]));
            }
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        for (Match m : checker.indicators().urlsInText(r.str("body"))) checker.ioc(r, m, "A link in a note");
        if (r.str("body") != null && r.str("body").contains("<script")) {
            checker.alert(Level.MEDIUM, r, "A note contains script markup", "Markup in a message can be an exploit attempt.",
                    "It can also be a harmless joke.");
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("sender") + ": " + r.str("body");
    }
}
