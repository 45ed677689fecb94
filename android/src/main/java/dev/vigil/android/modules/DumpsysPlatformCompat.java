package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

/**
 * Packages named in the overrides of the DOWNSCALED compatibility change in
 * {@code dumpsys platform_compat} ("ChangeId(168419799; name=DOWNSCALED; ...;
 * rawOverrides={pkg=..., pkg2=...}; ...)"): the list keeps packages that were uninstalled, so
 * it remembers apps no longer on the phone.
 */
public final class DumpsysPlatformCompat extends DumpsysModule {
    @Override
    public String slug() {
        return "dumpsys_platform_compat";
    }

    @Override
    public String description() {
        return "Packages remembered by platform compatibility overrides, including uninstalled ones (dumpsys platform_compat).";
    }

    @Override
    protected String section() {
        return "platform_compat";
    }

    @Override
    protected int parse(String text, Dumpsys.Dump dump, ModuleContext ctx) {
        int n = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith("ChangeId(168419799; name=DOWNSCALED;")) continue;
            int o = line.indexOf("rawOverrides={");
            if (o < 0) continue;
            String field = line.substring(o + 14);
            int end = field.indexOf('}');
            if (end >= 0) field = field.substring(0, end);
            for (String entry : field.split(", ")) {
                String pkg = entry.split("=", 2)[0].strip();
                if (pkg.isEmpty()) continue;
                ctx.emit(from(dump, Record.of("package_name", pkg)));
                n++;
            }
        }
        return n;
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        Apps.checkAppId(c, r, r.str("package_name"), "Platform compatibility override for package");
    }

    @Override
    public String describe(Record r) {
        return "Compatibility override for " + r.str("package_name");
    }
}
