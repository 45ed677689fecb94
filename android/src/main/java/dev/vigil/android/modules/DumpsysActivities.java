package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

/** Activities registered for intents, from the Activity Resolver Table of {@code dumpsys package}. */
public final class DumpsysActivities extends DumpsysModule {
    @Override
    public String slug() {
        return "dumpsys_activities";
    }

    @Override
    public String description() {
        return "Activities handling intents (Activity Resolver Table of dumpsys package).";
    }

    @Override
    protected String section() {
        return "package";
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        int n = 0;
        for (ResolverTable.Entry e : ResolverTable.parse(text, "Activity Resolver Table:")) {
            ctx.emit(from(dump, Record.of("intent", e.intent(), "package_name", e.packageName(), "activity", e.component())));
            n++;
        }
        return n;
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        Apps.checkAppId(c, r, r.str("package_name"), "Activity of package");
    }

    @Override
    public String describe(Record r) {
        return r.str("activity") + " handles " + r.str("intent");
    }
}
