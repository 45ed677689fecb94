package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Android settings: AndroidQF's settings_global.txt / settings_secure.txt /
 * settings_system.txt ("name=value" lines of {@code settings list}), and the
 * "GLOBAL/SECURE/SYSTEM SETTINGS (user N)" blocks of {@code dumpsys settings} in a bugreport
 * ("_id:12 name:adb_enabled pkg:android value:1 default:0 ..."). Values that weaken the
 * phone's defences (Play Protect off, unknown sources allowed, adb on) are flagged.
 */
public final class Settings implements ArtifactModule {
    /** key, safe value, what an unsafe value means, level. */
    record Danger(String key, String safe, String meaning, Level level) {}

    static final List<Danger> DANGERS = List.of(
            new Danger("verifier_verify_adb_installs", "1", "disabled Google Play Services verification of apps installed over adb", Level.MEDIUM),
            new Danger("package_verifier_enable", "1", "disabled Google Play Protect", Level.MEDIUM),
            new Danger("package_verifier_state", "1", "disabled APK package verification", Level.MEDIUM),
            new Danger("package_verifier_user_consent", "1", "disabled Google Play Protect", Level.MEDIUM),
            new Danger("upload_apk_enable", "1", "disabled Google Play Protect scanning of unknown apps", Level.MEDIUM),
            new Danger("adb_install_need_confirm", "1", "disabled confirmation of apps installed over adb", Level.MEDIUM),
            new Danger("send_security_reports", "1", "disabled sharing of security reports", Level.MEDIUM),
            new Danger("samsung_errorlog_agree", "1", "disabled sharing of crash logs with the manufacturer", Level.MEDIUM),
            new Danger("send_action_app_error", "1", "disabled application error reports", Level.MEDIUM),
            new Danger("accessibility_enabled", "0", "enabled accessibility services", Level.MEDIUM),
            new Danger("install_non_market_apps", "0", "allowed installing apps from unknown sources", Level.MEDIUM),
            new Danger("adb_enabled", "0", "enabled USB debugging (adb)", Level.LOW),
            new Danger("adb_wifi_enabled", "0", "enabled wireless debugging (adb over Wi-Fi)", Level.MEDIUM),
            new Danger("development_settings_enabled", "0", "enabled developer options", Level.LOW));

    private static final Pattern HEADING = Pattern.compile("^(CONFIG|GLOBAL|SECURE|SYSTEM) SETTINGS \\(user (\\d+)\\)$");
    private static final Pattern ROW = Pattern.compile("^_id:\\S* name:(\\S+) pkg:\\S* value:(.*?)(?: default:.*| tag:.*)?$");

    @Override
    public String slug() {
        return "settings";
    }

    @Override
    public String description() {
        return "Android settings, flagging values that weaken protections (Play Protect, unknown sources, adb).";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.BUGREPORT, AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("settings_*.txt", "dumpsys.txt", "bugreport-*.txt");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        boolean found = false;
        for (EvidenceFile f : ctx.source().find("settings_*.txt")) {
            found = true;
            ctx.used(f);
            String ns = f.name().substring(9, f.name().length() - 4);
            String text = new String(ctx.source().readAll(f, 64L << 20), StandardCharsets.UTF_8);
            int n = 0;
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq <= 0) continue;
                ctx.emit(Record.of("namespace", ns, "name", line.substring(0, eq).strip(), "value", line.substring(eq + 1).strip(), "source", f.path()));
                n++;
            }
            if (n == 0) ctx.warn(f.path() + ": no name=value lines");
        }
        for (Dumpsys.Dump d : Dumpsys.of(ctx.source()).dumps()) {
            if (d.file().equals("dumpsys.txt") && found) continue; // settings files are the primary AndroidQF source
            String text = d.section("settings");
            if (text == null) continue;
            found = true;
            String ns = null, user = null;
            for (String line : text.split("\n")) {
                String s = line.strip();
                Matcher h = HEADING.matcher(s);
                if (h.matches()) {
                    ns = h.group(1).toLowerCase(java.util.Locale.ROOT);
                    user = h.group(2);
                    continue;
                }
                if (s.isEmpty()) continue;
                if (ns == null || !s.startsWith("_id:")) continue;
                Matcher m = ROW.matcher(s);
                if (!m.matches()) continue;
                ctx.emit(Record.of("namespace", ns, "user", user, "name", m.group(1), "value", m.group(2), "source", d.file()));
            }
        }
        if (!found) throw new ArtifactNotFoundException("no settings_*.txt or dumpsys settings section");
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String name = r.str("name"), value = r.str("value");
        for (Danger d : DANGERS) {
            if (!d.key().equals(name) || d.safe().equals(value) || value == null || value.isEmpty() || value.equals("null")) continue;
            c.alert(d.level(), r, "Suspicious " + r.str("namespace") + " setting \"" + name + " = " + value + "\" (" + d.meaning() + ")",
                    "The safe value of " + name + " is " + d.safe() + "; this value " + d.meaning() + ".",
                    "The owner may have changed it; it lowers the phone's defences but does not prove an infection.");
            return;
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("namespace") + " " + r.str("name") + " = " + r.str("value");
    }
}
