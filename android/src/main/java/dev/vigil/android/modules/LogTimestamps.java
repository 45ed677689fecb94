package dev.vigil.android.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.List;
import java.util.Set;

/**
 * The log files AndroidQF copies from the phone into its {@code logs/} folder (ANR traces,
 * dropbox entries, system logs): one record per file with its path on the phone, size and
 * modification time, so they sit on the timeline next to the other events (the reference
 * tool's {@code aqf_log_timestamps}). Their names and paths are checked against file
 * indicators. The files' contents are not parsed here.
 */
public final class LogTimestamps implements ArtifactModule {
    /** Bounds the records made from one acquisition: a logs folder is hundreds of files, not millions. */
    static final int MAX_FILES = 100_000;

    @Override
    public String slug() {
        return "aqf_log_timestamps";
    }

    @Override
    public String description() {
        return "Timeline of the log files AndroidQF copied into logs/, with file indicators checked.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("logs/**");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.source().find("logs/**");
        if (files.isEmpty()) throw new ArtifactNotFoundException("no logs/ folder in the acquisition");
        int n = 0;
        for (EvidenceFile f : files) {
            if (++n > MAX_FILES) {
                ctx.warn("logs/ holds more than " + MAX_FILES + " files; the rest were not listed");
                break;
            }
            String onPhone = "/" + f.path().substring("logs/".length());
            Record r = new Record();
            r.put("timestamp", f.modified());
            r.put("path", onPhone);
            r.put("file", f.path());
            r.put("size", f.size());
            if (f.modified() == null) ctx.warn(f.path() + " has no modification time in the acquisition");
            ctx.emit(r);
        }
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        c.indicators().filePath(r.str("path")).ifPresent(m -> c.ioc(r, m, "Log file " + r.str("path")));
    }

    @Override
    public List<TimelineEvent> timeline(Record r) {
        String t = r.str("timestamp");
        return t == null ? List.of() : List.of(new TimelineEvent(t, slug(), "log_file_modified", describe(r)));
    }

    @Override
    public String describe(Record r) {
        return "Log file " + r.str("path") + " (" + r.str("size") + " bytes) last modified";
    }
}
