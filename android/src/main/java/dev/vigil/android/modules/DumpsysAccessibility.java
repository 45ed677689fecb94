package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accessibility services from {@code dumpsys accessibility}: the installed ones (Android
 * 9-13 "installed services:" block, "N : pkg/Service" lines) and the enabled ones
 * ("Enabled services:{{pkg/Service}, ...}" on Android 10+). Spyware abuses accessibility to
 * read the screen, so every enabled service is a MEDIUM alert.
 */
public final class DumpsysAccessibility extends DumpsysModule {
    private static final Pattern BRACED = Pattern.compile("\\{([^{}]+?)}");

    @Override
    public String slug() {
        return "dumpsys_accessibility";
    }

    @Override
    public String description() {
        return "Installed and enabled accessibility services (dumpsys accessibility).";
    }

    @Override
    protected String section() {
        return "accessibility";
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        Set<String> installed = new LinkedHashSet<>();
        Set<String> enabled = new LinkedHashSet<>();
        boolean inInstalled = false;
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.startsWith("installed services:")) {
                inInstalled = true;
                continue;
            }
            if (inInstalled) {
                if (s.startsWith("}") || s.isEmpty()) {
                    inInstalled = false;
                } else {
                    int colon = s.indexOf(':');
                    String svc = (colon >= 0 ? s.substring(colon + 1) : s).strip();
                    if (svc.contains("/")) installed.add(svc);
                }
                continue;
            }
            if (s.startsWith("Enabled services:")) {
                Matcher m = BRACED.matcher(s.substring("Enabled services:".length()));
                while (m.find()) {
                    String svc = m.group(1).strip();
                    if (svc.contains("/")) enabled.add(svc);
                }
            }
        }
        int n = 0;
        Set<String> all = new LinkedHashSet<>(installed);
        all.addAll(enabled);
        for (String svc : all) {
            ctx.emit(from(dump, Record.of("package_name", Apps.packageOf(svc), "service", svc,
                    "installed", installed.contains(svc), "enabled", enabled.contains(svc))));
            n++;
        }
        return n;
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String pkg = r.str("package_name");
        if (Apps.checkAppId(c, r, pkg, "Accessibility service of")) return;
        if (r.bool("enabled")) {
            c.alert(Level.MEDIUM, r, "Enabled accessibility service: " + r.str("service"),
                    "An accessibility service can read everything on screen and act for the user; spyware and stalkerware enable one to capture messages.",
                    "Many legitimate apps (password managers, screen readers, automation tools) use accessibility; check that the user knows this app.");
        }
    }

    @Override
    public String describe(Record r) {
        return (r.bool("enabled") ? "Enabled" : "Installed") + " accessibility service " + r.str("service");
    }
}
