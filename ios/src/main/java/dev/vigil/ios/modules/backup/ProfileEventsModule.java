package dev.vigil.ios.modules.backup;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.backup.BackupSource;
import dev.vigil.ios.backup.Plists;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * profile_events: MCProfileEvents.plist, the log of configuration profile installs and
 * removals ({@code ProfileEvents}: a list of {profile id: {timestamp, operation, process}}).
 * Profile ids are checked against profile indicators and the acting process against
 * process indicators.
 */
public final class ProfileEventsModule implements ArtifactModule {
    static final String GLOB = ConfigurationProfilesModule.DIR + "MCProfileEvents.plist";

    @Override
    public String slug() {
        return "profile_events";
    }

    @Override
    public String description() {
        return "Configuration profile install/remove events (MCProfileEvents.plist): profile and process indicators.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(BackupSource.TYPE, "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of(GLOB);
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        for (EvidenceFile f : ctx.require(GLOB)) {
            NSDictionary d = BackupPlists.dict(ctx, f);
            if (!(d.get("ProfileEvents") instanceof NSArray events)) throw new IOException(f.path() + " has no ProfileEvents list");
            int skipped = 0;
            for (NSObject o : events.getArray()) {
                if (!(o instanceof NSDictionary event)) {
                    skipped++;
                    continue;
                }
                for (String id : new java.util.TreeSet<>(event.keySet())) {
                    if (!(event.get(id) instanceof NSDictionary v)) {
                        skipped++;
                        continue;
                    }
                    Record r = new Record();
                    r.put("profile_id", id);
                    r.put("timestamp", Plists.date(v, "timestamp"));
                    r.put("operation", Plists.str(v, "operation"));
                    r.put("process", Plists.str(v, "process"));
                    r.put("file", f.path());
                    ctx.emit(r);
                }
            }
            if (skipped > 0) ctx.warn(f.path() + ": " + skipped + " events of an unknown shape were skipped");
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Optional<Match> m = checker.indicators().profileId(r.str("profile_id"));
        if (m.isPresent()) {
            checker.ioc(r, m.get(), "Configuration profile " + r.str("profile_id") + " (" + r.str("operation") + ")");
            return;
        }
        m = checker.indicators().process(r.str("process"));
        m.ifPresent(match -> checker.ioc(r, match, "Process " + r.str("process") + " that " + r.str("operation") + "ed a configuration profile"));
    }

    @Override
    public String describe(Record r) {
        return "Process \"" + r.str("process") + "\" " + r.str("operation") + " configuration profile " + r.str("profile_id");
    }
}
