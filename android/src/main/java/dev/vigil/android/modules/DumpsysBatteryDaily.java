package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily package updates from {@code dumpsys batterystats}: "  Daily from
 * 2023-03-01-02-14-10 to 2023-03-02-02-14-10:" followed by "    Update pkg vers=123" lines.
 * vers=0 is an uninstall; a version lower than the one seen before is a downgrade (spyware
 * installers downgrade apps to reach old vulnerable versions). Both are MEDIUM.
 */
public final class DumpsysBatteryDaily extends DumpsysModule {
    @Override
    public String slug() {
        return "dumpsys_battery_daily";
    }

    @Override
    public String description() {
        return "Package updates, uninstalls and downgrades recorded day by day (dumpsys batterystats).";
    }

    @Override
    protected String section() {
        return "batterystats";
    }

    static String dailyTime(String v) {
        String s = v.strip();
        if (s.length() >= 19 && s.charAt(10) == '-') return s.substring(0, 10) + "T" + s.substring(11, 19).replace('-', ':') + "Z";
        return s;
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        List<Record> records = new ArrayList<>();
        Map<String, Record> day = new LinkedHashMap<>();
        String start = null, end = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("  Daily from ")) {
                day = new LinkedHashMap<>();
                String tf = line.substring(13).strip();
                if (tf.endsWith(":")) tf = tf.substring(0, tf.length() - 1);
                int to = tf.indexOf(" to ");
                if (to < 0) {
                    start = null;
                    continue;
                }
                start = dailyTime(tf.substring(0, to));
                end = dailyTime(tf.substring(to + 4));
                continue;
            }
            if (start == null) continue;
            String s = line.strip();
            if (!s.startsWith("Update ")) continue;
            String rest = s.substring(7);
            int sp = rest.indexOf(' ');
            if (sp <= 0) continue;
            String pkg = rest.substring(0, sp);
            int eq = rest.indexOf('=', sp);
            if (eq < 0) continue;
            String vers = rest.substring(eq + 1).strip();
            Object code;
            try {
                code = Long.parseLong(vers);
            } catch (NumberFormatException e) {
                code = vers;
            }
            String key = pkg + "\u0000" + vers;
            Record r = day.get(key);
            if (r != null) {
                r.put("occurrences", r.num("occurrences", 1) + 1);
                continue;
            }
            r = Record.of("action", "update", "period_start", start, "period_end", end, "package_name", pkg,
                    "version_code", code, "occurrences", 1);
            day.put(key, r);
            records.add(r);
        }
        // uninstalls and downgrades, in time order
        List<Record> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparing((Record r) -> r.str("period_start")).thenComparing(r -> r.str("period_end"))
                .thenComparing(r -> r.str("package_name")));
        Map<String, Long> seen = new HashMap<>();
        for (Record r : ordered) {
            String pkg = r.str("package_name");
            Object v = r.get("version_code");
            if (!(v instanceof Long code)) continue;
            if (code == 0) {
                r.put("action", "uninstall");
                seen.remove(pkg);
                continue;
            }
            Long prev = seen.get(pkg);
            if (prev != null && code < prev) {
                r.put("action", "downgrade");
                r.put("previous_version_code", prev);
            }
            seen.put(pkg, code);
        }
        for (Record r : records) {
            r.put("timestamp", r.str("period_start"));
            ctx.emit(from(dump, r));
        }
        return records.size();
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String pkg = r.str("package_name");
        if (Apps.checkAppId(c, r, pkg, "Daily update record of package")) return;
        if ("uninstall".equals(r.str("action"))) {
            c.alert(Level.MEDIUM, r, "Uninstall of package " + pkg + " between " + r.str("period_start") + " and " + r.str("period_end"),
                    "batterystats recorded version 0 for the package, which Android writes when a package is removed.",
                    "Users uninstall apps all the time; this matters when the package is unknown or removed right before the acquisition.");
        } else if ("downgrade".equals(r.str("action"))) {
            c.alert(Level.MEDIUM, r, "Downgrade of package " + pkg + " from version " + r.str("previous_version_code") + " to " + r.str("version_code"),
                    "A lower version code replaced a higher one; exploit chains downgrade apps to reach vulnerable versions.",
                    "Uninstalling updates of a system app also lowers its version.");
        }
    }

    @Override
    public String describe(Record r) {
        return switch (String.valueOf(r.str("action"))) {
            case "uninstall" -> "Recorded uninstall of package " + r.str("package_name");
            case "downgrade" -> "Recorded downgrade of package " + r.str("package_name") + " from vers " + r.str("previous_version_code") + " to vers " + r.str("version_code");
            default -> "Recorded update of package " + r.str("package_name") + " with vers " + r.str("version_code");
        };
    }
}
