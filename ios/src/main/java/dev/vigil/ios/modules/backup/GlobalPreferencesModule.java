package dev.vigil.ios.modules.backup;

import com.dd.plist.NSDictionary;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.backup.BackupSource;
import dev.vigil.ios.backup.Plists;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * global_preferences: the phone's global preferences (.GlobalPreferences.plist, and
 * com.apple.Preferences.plist when present), one record per key. Reports whether Lockdown
 * Mode (iOS 16+, key {@code LDMGlobalEnabled}) was on or off.
 */
public final class GlobalPreferencesModule implements ArtifactModule {
    static final String GLOBAL = "private/var/mobile/Library/Preferences/.GlobalPreferences.plist";
    static final String PREFERENCES = "private/var/mobile/Library/Preferences/com.apple.Preferences.plist";
    static final String LOCKDOWN = "LDMGlobalEnabled";

    @Override
    public String slug() {
        return "global_preferences";
    }

    @Override
    public String description() {
        return "Global preferences of the phone; whether Lockdown Mode was enabled.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(BackupSource.TYPE, "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of(GLOBAL, PREFERENCES);
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.require(GLOBAL, PREFERENCES);
        boolean lockdownSeen = false;
        int failed = 0;
        String error = null;
        for (EvidenceFile f : files) {
            NSDictionary d;
            try {
                d = BackupPlists.dict(ctx, f);
            } catch (IOException e) {
                failed++;
                error = e.getMessage();
                ctx.warn(e.getMessage());
                continue;
            }
            for (String k : new TreeSet<>(d.keySet())) {
                ctx.emit(Record.of("entry", k, "value", Plists.json(d.get(k)), "file", f.path()));
                if (k.equals(LOCKDOWN)) lockdownSeen = true;
            }
        }
        if (failed == files.size()) throw new IOException(error);
        if (!lockdownSeen) ctx.warn("no " + LOCKDOWN + " key: Lockdown Mode was never turned on (or iOS is older than 16)");
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        if (!LOCKDOWN.equals(r.str("entry"))) return;
        boolean on = r.bool("value");
        checker.alert(Level.INFO, r, "Lockdown Mode was " + (on ? "enabled" : "disabled") + " on the device",
                "Lockdown Mode (iOS 16+) blocks most attack surface used by mercenary spyware; its state matters when judging exposure.",
                on ? "Lockdown Mode reduces, but does not rule out, infection; it may have been turned on after an infection."
                        : "Most people do not use Lockdown Mode; its absence is not a sign of infection.");
    }

    @Override
    public String describe(Record r) {
        return r.str("entry") + " = " + r.str("value");
    }
}
