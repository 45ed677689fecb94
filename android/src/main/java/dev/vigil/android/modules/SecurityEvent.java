package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.android.intrusion.IntrusionLogs;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.util.Json;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Security events (android.app.admin.SecurityLog tags) from intrusion logs: adb shell use and
 * file pushes, app process starts, package installs, CA certificate installs, key integrity
 * violations, wipe failures, logging stopped. Package and process names are checked against
 * app ids, pushed/pulled paths against file indicators.
 */
public final class SecurityEvent extends IntrusionModule {
    static final Set<String> METADATA = Set.of("event_id", "event_time", "event_type", "timestamp");

    /** Tag -> level and why, for the heuristics. */
    static final Map<String, String[]> NOTABLE = Map.of(
            "adb_shell_interactive", new String[] {"LOW", "An interactive adb shell was opened: someone had the unlocked phone and a computer."},
            "adb_shell_cmd", new String[] {"LOW", "A command was run over adb."},
            "adb_sync_send_file", new String[] {"MEDIUM", "A file was pushed to the phone over adb; exploits and implants are staged this way."},
            "cert_authority_installed", new String[] {"MEDIUM", "A root certificate was installed: it lets its owner intercept encrypted traffic."},
            "key_integrity_violation", new String[] {"MEDIUM", "Android detected a cryptographic key integrity violation."},
            "wipe_failure", new String[] {"MEDIUM", "A wipe of the device or user data failed."},
            "logging_stopped", new String[] {"MEDIUM", "Audit logging was stopped, leaving a gap in the record."});

    @Override
    public String slug() {
        return "security_event";
    }

    @Override
    public String description() {
        return "Security events recorded by Android intrusion logging (adb, packages, certificates, processes).";
    }

    @Override
    String eventType() {
        return "security_event";
    }

    @Override
    Record record(IntrusionLogs.Event e) {
        String tag = null;
        JsonNode detail = null;
        for (var it = e.data().fields(); it.hasNext(); ) {
            var f = it.next();
            if (!METADATA.contains(f.getKey())) {
                tag = f.getKey();
                detail = f.getValue();
                break;
            }
        }
        Record r = base(e).put("tag", tag);
        r.put("detail", detail == null ? null : Json.MAPPER.convertValue(detail, Object.class));
        return r.put("source", e.file());
    }

    @SuppressWarnings("unchecked")
    private static String detail(Record r, String key) {
        Object d = r.get("detail");
        if (d instanceof Map<?, ?> m && m.get(key) != null) return m.get(key).toString();
        return null;
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String tag = r.str("tag");
        if (tag == null) return;
        switch (tag) {
            case "app_process_start" -> {
                String p = detail(r, "process");
                if (p != null) {
                    for (String part : p.split(":")) if (Apps.checkAppId(c, r, part, "Process started for package")) return;
                }
            }
            case "package_installed", "package_updated", "package_uninstalled" -> {
                if (Apps.checkAppId(c, r, detail(r, "package_name"), tag.replace('_', ' ') + ":")) return;
            }
            case "adb_sync_send_file", "adb_sync_recv_file" -> {
                Optional<Match> m = c.indicators().filePath(detail(r, "path"));
                if (m.isPresent()) {
                    c.ioc(r, m.get(), "File transferred over adb " + detail(r, "path"));
                    return;
                }
            }
            case "adb_shell_cmd" -> {
                String cmd = detail(r, "command");
                if (cmd != null) {
                    for (String w : cmd.split("[\\s'\"]+")) {
                        if (w.contains(".") && Apps.checkAppId(c, r, w, "adb shell command naming package")) return;
                        Optional<Match> m = w.startsWith("/") ? c.indicators().filePath(w) : Optional.empty();
                        if (m.isPresent()) {
                            c.ioc(r, m.get(), "adb shell command naming " + w);
                            return;
                        }
                    }
                }
            }
            default -> { }
        }
        String[] n = NOTABLE.get(tag);
        if (n != null) {
            c.alert(Level.valueOf(n[0]), r, "Security event " + tag + (r.get("detail") == null ? "" : ": " + r.get("detail")), n[1],
                    "Owners, repair shops and device administrators cause these events too.");
        }
    }

    @Override
    public String describe(Record r) {
        return "Security event " + r.str("tag") + " " + (r.get("detail") == null ? "" : r.get("detail"));
    }
}
