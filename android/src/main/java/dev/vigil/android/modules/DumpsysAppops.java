package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * App operations from {@code dumpsys appops} (Android 10+ layout): "  Uid u0a123:" blocks,
 * "    Package com.example:" sub-blocks, "      OP_NAME (mode):" operations and
 * "          Access: [fg-s] 2021-05-19 22:02:52.054 (-314d1h...)" / "Reject:" entries. One
 * record per package. REQUEST_INSTALL_PACKAGES allowed to an app, and any operation
 * recorded for com.android.shell (adb), are MEDIUM alerts.
 */
public final class DumpsysAppops extends DumpsysModule {
    static final List<String> RISKY_PERMISSIONS = List.of("REQUEST_INSTALL_PACKAGES");
    static final List<String> RISKY_PACKAGES = List.of("com.android.shell");

    @Override
    public String slug() {
        return "dumpsys_appops";
    }

    @Override
    public String description() {
        return "App operations per package (dumpsys appops): install-package rights and adb shell activity.";
    }

    @Override
    protected String section() {
        return "appops";
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        int n = 0;
        String uid = null;
        String pkg = null;
        List<Map<String, Object>> perms = null;
        Map<String, Object> perm = null;
        boolean inUids = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("  Uid ")) {
                inUids = true;
                if (pkg != null) n += emit(ctx, dump, uid, pkg, perms);
                pkg = null;
                perm = null;
                String u = line.strip();
                uid = u.substring(4, u.endsWith(":") ? u.length() - 1 : u.length()).strip();
                continue;
            }
            if (!inUids) continue;
            if (line.startsWith("    Package ")) {
                if (pkg != null) n += emit(ctx, dump, uid, pkg, perms);
                String p = line.strip().substring(8);
                pkg = p.endsWith(":") ? p.substring(0, p.length() - 1) : p;
                perms = new ArrayList<>();
                perm = null;
                continue;
            }
            if (pkg == null) continue;
            if (line.startsWith("      ") && line.length() > 6 && line.charAt(6) != ' ') {
                String s = line.strip();
                String[] parts = s.split("\\s+", 2);
                perm = new LinkedHashMap<>();
                perm.put("name", parts[0].endsWith(":") ? parts[0].substring(0, parts[0].length() - 1) : parts[0]);
                if (parts.length > 1) {
                    String a = parts[1];
                    int o = a.indexOf('('), c = a.indexOf(')');
                    if (o >= 0 && c > o) perm.put("access", a.substring(o + 1, c));
                }
                perm.put("entries", new ArrayList<Map<String, Object>>());
                perms.add(perm);
                continue;
            }
            if (perm != null && line.startsWith("          ")) {
                String s = line.strip();
                int colon = s.indexOf(':');
                if (colon < 0) continue;
                String kind = s.substring(0, colon);
                if (!kind.equals("Access") && !kind.equals("Reject")) continue;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("access", kind);
                int o = s.indexOf('['), c = s.indexOf(']');
                if (o >= 0 && c > o) entry.put("type", s.substring(o + 1, c));
                int paren = s.indexOf('(', Math.max(c, 0));
                String t = s.substring(c >= 0 ? c + 1 : colon + 1, paren > 0 ? paren : s.length()).strip();
                Instant when = AndroidTimes.local(t);
                if (when != null) entry.put("timestamp", dev.vigil.core.model.Times.iso(when));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> entries = (List<Map<String, Object>>) perm.get("entries");
                if (entries.size() < 10_000) entries.add(entry);
            }
        }
        if (pkg != null) n += emit(ctx, dump, uid, pkg, perms);
        return n;
    }

    private static int emit(ModuleContext ctx, Dumpsys.Dump dump, String uid, String pkg, List<Map<String, Object>> perms) {
        ctx.emit(from(dump, Record.of("package_name", pkg, "uid", uid, "permissions", perms)));
        return 1;
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String pkg = r.str("package_name");
        if (Apps.checkAppId(c, r, pkg, "App operations of package")) return;
        for (Map<String, Object> perm : perms(r)) {
            String name = String.valueOf(perm.get("name"));
            String access = perm.get("access") == null ? "unknown" : perm.get("access").toString();
            String last = lastTime(perm);
            if (RISKY_PERMISSIONS.contains(name) && access.equals("allow")) {
                c.add(alertAt(c, Level.MEDIUM, r, "Package " + pkg + " may install other apps (" + name + " set to allow)",
                        "REQUEST_INSTALL_PACKAGES lets an app install APKs; droppers use it to install spyware.",
                        "Browsers, file managers and app stores hold it legitimately.", last));
            } else if (RISKY_PACKAGES.contains(pkg)) {
                c.add(alertAt(c, Level.MEDIUM, r, "The adb shell (" + pkg + ") used the operation " + name + " (" + access + ")",
                        "Operations recorded for com.android.shell were done over adb, by someone with the unlocked phone and a computer.",
                        "Developers and repair shops use adb; check whether the owner did.", last));
            }
        }
    }

    private static dev.vigil.core.model.Alert alertAt(Checker c, Level level, Record r, String msg, String why, String caveat, String time) {
        return new dev.vigil.core.model.Alert(level, c.module(), msg, time, r, null, why, caveat);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> perms(Record r) {
        Object p = r.get("permissions");
        return p instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static String lastTime(Map<String, Object> perm) {
        String last = null;
        Object e = perm.get("entries");
        if (e instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && m.get("timestamp") != null) {
                    String t = m.get("timestamp").toString();
                    if (last == null || t.compareTo(last) > 0) last = t;
                }
            }
        }
        return last;
    }

    @Override
    public List<TimelineEvent> timeline(Record r) {
        List<TimelineEvent> out = new ArrayList<>();
        for (Map<String, Object> perm : perms(r)) {
            Object e = perm.get("entries");
            if (!(e instanceof List<?> l)) continue;
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && m.get("timestamp") != null) {
                    out.add(new TimelineEvent(m.get("timestamp").toString(), slug(), String.valueOf(m.get("access")),
                            r.str("package_name") + " access to " + perm.get("name") + ": " + m.get("access")));
                }
            }
        }
        return out;
    }

    @Override
    public String describe(Record r) {
        return "App operations of " + r.str("package_name") + " (uid " + r.str("uid") + ")";
    }
}
