package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

/**
 * Battery history events of {@code dumpsys batterystats} ("Battery History (...):" block):
 * jobs started and ended (+job=/-job=uid:"pkg/.Service"), wake alarms
 * (+running +wake_lock=uid:"*walarm*:pkg/..."), apps coming to the top (+top=/-top=uid:"pkg").
 * The time is relative to the history start ("+1h02m03s004ms"), kept in time_elapsed.
 */
public final class DumpsysBatteryHistory extends DumpsysModule {
    static final int MAX_RECORDS = 200_000;

    @Override
    public String slug() {
        return "dumpsys_battery_history";
    }

    @Override
    public String description() {
        return "Jobs, alarms and foreground apps from the battery history (dumpsys batterystats).";
    }

    @Override
    protected String section() {
        return "batterystats";
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        int n = 0;
        boolean in = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("Battery History ")) {
                in = true;
                continue;
            }
            if (!in) continue;
            if (line.isBlank()) break;
            String s = line.strip();
            String elapsed = s.split("\\s+", 2)[0];
            String event, uid, pkg, service = "";
            int p;
            if ((p = s.indexOf("+job=")) > 0 || (p = s.indexOf("-job=")) > 0) {
                event = s.charAt(p) == '+' ? "start_job" : "end_job";
                String payload = s.substring(p + 5);
                int colon = payload.indexOf(':');
                if (colon < 0) continue;
                uid = payload.substring(0, colon);
                service = unquote(payload.substring(colon + 1).split(" (?=[+-])", 2)[0]);
                pkg = Apps.packageOf(service);
            } else if ((p = s.indexOf("+running +wake_lock=")) > 0) {
                String payload = s.substring(p + 20);
                int colon = payload.indexOf(':');
                if (colon < 0) continue;
                uid = payload.substring(0, colon);
                int w = s.indexOf("*walarm*:");
                if (w < 0) continue;
                service = unquote(s.substring(w + 9).split(" ", 2)[0]);
                if (!service.contains("/")) continue;
                event = "wake";
                pkg = Apps.packageOf(service);
            } else if ((p = s.indexOf("+top=")) > 0 || (p = s.indexOf("-top=")) > 0) {
                event = s.charAt(p) == '+' ? "start_top" : "end_top";
                String payload = s.substring(p + 5);
                int colon = payload.indexOf(':');
                if (colon < 0) continue;
                uid = payload.substring(0, colon);
                pkg = unquote(payload.substring(colon + 1).split(" (?=[+-])", 2)[0]);
            } else {
                continue;
            }
            if (n >= MAX_RECORDS) {
                ctx.warn("battery history has more than " + MAX_RECORDS + " events; the rest was not read");
                break;
            }
            ctx.emit(from(dump, Record.of("time_elapsed", elapsed, "event", event, "uid", uid, "package_name", pkg, "service", service)));
            n++;
        }
        return n;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.startsWith("\"")) t = t.substring(1);
        int q = t.indexOf('"');
        if (q >= 0) t = t.substring(0, q);
        return t.strip();
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        Apps.checkAppId(c, r, r.str("package_name"), "Battery history event (" + r.str("event") + ") of package");
    }

    @Override
    public String describe(Record r) {
        return r.str("event") + " " + r.str("package_name") + " at " + r.str("time_elapsed");
    }
}
