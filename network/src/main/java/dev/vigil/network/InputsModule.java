package dev.vigil.network;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.ModuleContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One record per input file: the format detected from its content, what was read, and
 * whether it was read in full. Fails (with every input still listed) when an input is
 * corrupt, truncated or not a known format, so that the problem is never silent; the other
 * network modules still use what could be read.
 */
public final class InputsModule extends NetworkModule {
    @Override
    public String slug() {
        return "network_inputs";
    }

    @Override
    public String description() {
        return "The network captures and logs given, their detected format and whether they were read in full";
    }

    @Override
    List<Record> pick(Analysis a) {
        return List.of();
    }

    @Override
    String what() {
        return "input files";
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        Analysis a = Analysis.of(ctx.source(), ctx.option(NetworkEvidenceType.COLUMNS));
        if (a.inputs().isEmpty()) throw new ArtifactNotFoundException("no input files");
        List<String> problems = new ArrayList<>();
        for (Analysis.InputResult in : a.inputs()) {
            ctx.emit(Record.of("path", in.path(), "format", in.format(), "size", in.size(), "packets", in.packets(),
                    "events", in.events(), "status", in.status(), "problem", in.problem(), "warnings", in.warnings()));
            ctx.used(new EvidenceFile(in.path(), in.size(), null));
            for (String w : in.warnings()) ctx.warn(in.path() + ": " + w);
            if (in.problem() != null) problems.add(in.path() + " (" + in.format() + ", " + in.status() + "): " + in.problem());
        }
        for (String n : a.notes()) ctx.warn(n);
        if (!problems.isEmpty()) {
            throw new Exception(problems.size() + " of " + a.inputs().size() + " inputs could not be read in full; "
                    + String.join("; ", problems) + (problems.size() < a.inputs().size() ? "; the other inputs were checked" : ""));
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("path") + ": " + r.str("format") + ", " + r.str("status");
    }

    @Override
    public List<dev.vigil.core.model.TimelineEvent> timeline(Record record) {
        return List.of();
    }
}
