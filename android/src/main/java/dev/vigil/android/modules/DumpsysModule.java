package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Base of the modules that read one section of dumpsys text (AndroidQF dumpsys.txt, a
 * bugreport's dumpstate file, or both when an AndroidQF acquisition holds a bugreport).
 * Every record carries the file it came from in {@code source}.
 */
public abstract class DumpsysModule implements ArtifactModule {
    /** The dumpsys service whose section this module reads, e.g. "package". */
    protected abstract String section();

    /** Parses one section; returns the number of records emitted. */
    protected abstract int parse(String text, Dumpsys.Dump dump, ModuleContext ctx);

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.BUGREPORT, AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("dumpsys.txt", "main_entry.txt", "bugreport-*.txt", "bugreport/bugreport-*.txt");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        Dumpsys.Dumps dumps = Dumpsys.of(ctx.source());
        if (dumps.dumps().isEmpty() && dumps.errors().isEmpty()) {
            throw new ArtifactNotFoundException("no dumpsys.txt or bugreport dumpstate file");
        }
        if (dumps.dumps().isEmpty()) throw new IOException(String.join("; ", dumps.errors()));
        for (String e : dumps.errors()) ctx.warn(e);
        boolean found = false;
        for (Dumpsys.Dump d : dumps.dumps()) {
            for (String w : d.warnings()) if (w.contains(" " + section() + " ")) ctx.warn(w);
            String text = d.section(section());
            if (text == null) continue;
            found = true;
            ctx.used(new dev.vigil.core.evidence.EvidenceFile(d.file(), -1, null));
            int n = parse(text, d, ctx);
            if (n == 0) ctx.warn("the " + section() + " section of " + d.file() + " holds no entries this module recognises");
        }
        if (!found) throw new ArtifactNotFoundException("no \"DUMP OF SERVICE " + section() + ":\" section in the dumpsys text");
    }

    /** Adds the common fields to a record of this dump. */
    protected static Record from(Dumpsys.Dump d, Record r) {
        r.put("source", d.file());
        return r;
    }
}
