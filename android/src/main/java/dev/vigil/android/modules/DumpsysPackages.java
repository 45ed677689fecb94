package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installed packages from the "Packages:" block of {@code dumpsys package} (layout of
 * Android 9-15): "  Package [name] (hash):" then indented key=value lines (userId,
 * versionCode, versionName, codePath, timeStamp, firstInstallTime, lastUpdateTime,
 * installerPackageName), "requested permissions:", "install permissions:" and per-user
 * "runtime permissions:" blocks ("perm: granted=true, flags=[...]").
 */
public final class DumpsysPackages extends DumpsysModule {
    @Override
    public String slug() {
        return "dumpsys_packages";
    }

    @Override
    public String description() {
        return "Installed packages with versions, install times, installer and permissions (dumpsys package).";
    }

    @Override
    protected String section() {
        return "package";
    }

    /** Parses the packages of a "package" section; shared with the permission profile. */
    static List<Record> packages(String text) {
        List<Record> out = new ArrayList<>();
        boolean inList = false;
        Record cur = null;
        String block = null;
        List<String> requested = null;
        List<Map<String, Object>> perms = null;
        for (String line : text.split("\n")) {
            if (!inList) {
                if (line.startsWith("Packages:")) inList = true;
                continue;
            }
            if (line.isBlank()) break;
            if (line.startsWith("  Package [")) {
                int close = line.indexOf(']');
                if (close < 0) {
                    cur = null;
                    continue;
                }
                cur = Record.of("package_name", line.substring(11, close));
                requested = new ArrayList<>();
                perms = new ArrayList<>();
                cur.put("requested_permissions", requested);
                cur.put("permissions", perms);
                out.add(cur);
                block = null;
                continue;
            }
            if (cur == null || !line.startsWith("    ")) continue;
            String s = line.strip();
            int indent = line.length() - line.stripLeading().length();
            if (s.equals("requested permissions:")) {
                block = "requested";
                continue;
            }
            if (s.equals("install permissions:")) {
                block = "install";
                continue;
            }
            if (s.equals("runtime permissions:")) {
                block = "runtime";
                continue;
            }
            if (s.equals("declared permissions:")) {
                block = "declared";
                continue;
            }
            if (block != null) {
                boolean inside = switch (block) {
                    case "runtime" -> indent >= 8;
                    default -> indent >= 6;
                };
                if (inside) {
                    if (block.equals("requested")) {
                        requested.add(s.split(":", 2)[0].strip());
                    } else {
                        Map<String, Object> p = new LinkedHashMap<>();
                        String[] parts = s.split(":", 2);
                        p.put("name", parts[0].strip());
                        p.put("type", block);
                        if (parts.length > 1 && parts[1].contains("granted=")) p.put("granted", parts[1].contains("granted=true"));
                        perms.add(p);
                    }
                    continue;
                }
                block = null;
            }
            int eq = s.indexOf('=');
            if (eq <= 0) continue;
            String key = s.substring(0, eq);
            String value = s.substring(eq + 1).strip();
            switch (key) {
                case "userId" -> cur.put("uid", value);
                case "versionName" -> cur.put("version_name", value);
                case "versionCode" -> cur.put("version_code", value.split("\\s+", 2)[0]);
                case "codePath" -> cur.put("code_path", value);
                case "timeStamp" -> cur.put("timestamp", Times.iso(AndroidTimes.local(value)));
                case "firstInstallTime" -> cur.put("first_install_time", Times.iso(AndroidTimes.local(value)));
                case "lastUpdateTime" -> cur.put("last_update_time", Times.iso(AndroidTimes.local(value)));
                case "installerPackageName" -> cur.put("installer", value);
                default -> { }
            }
        }
        return out;
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        List<Record> l = packages(text);
        for (Record r : l) ctx.emit(from(dump, r));
        return l.size();
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String pkg = r.str("package_name");
        if (Apps.checkAppId(c, r, pkg, "Installed package")) return;
        Apps.checkRoot(c, r, pkg);
    }

    @Override
    public List<TimelineEvent> timeline(Record r) {
        List<TimelineEvent> out = new ArrayList<>();
        String pkg = r.str("package_name");
        if (r.str("first_install_time") != null) out.add(new TimelineEvent(r.str("first_install_time"), slug(), "package_first_install", "First install of package " + pkg));
        if (r.str("last_update_time") != null && !r.str("last_update_time").equals(r.str("first_install_time"))) {
            out.add(new TimelineEvent(r.str("last_update_time"), slug(), "package_last_update", "Last update of package " + pkg));
        }
        return out;
    }

    @Override
    public String describe(Record r) {
        return "Package " + r.str("package_name") + " " + (r.str("version_name") == null ? "" : r.str("version_name"));
    }
}
