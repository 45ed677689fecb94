package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code private/var/mobile/Library/Preferences/com.apple.osanalytics.addaily.plist}: the daily
 * analytics baseline, whose {@code netUsageBaseline} dictionary maps a process name to an
 * array [date of the baseline, Wi-Fi in, Wi-Fi out, cellular in, cellular out] (iOS 12 to 17).
 *
 * <p>Records: {@code timestamp}, {@code package} (the process name), {@code wifi_in},
 * {@code wifi_out}, {@code wwan_in}, {@code wwan_out}. Checks: process names against
 * process indicators (Pegasus processes showed up here, Amnesty 2021).
 */
public final class OsAnalyticsAdDaily implements ArtifactModule {
    @Override
    public String slug() {
        return "osanalytics_addaily";
    }

    @Override
    public String description() {
        return "Daily per-process network baseline (com.apple.osanalytics.addaily.plist), against process indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-backup", "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/Preferences/com.apple.osanalytics.addaily.plist");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        for (EvidenceFile f : ctx.require(paths().get(0))) {
            Map<String, Object> root = Plists.readDict(ctx, f);
            Object base = root.get("netUsageBaseline");
            if (base == null) {
                ctx.warn(f.path() + " has no netUsageBaseline");
                continue;
            }
            Map<String, Object> procs = Plists.dict(base);
            if (procs == null) throw new java.io.IOException(f.path() + ": netUsageBaseline is not a dictionary");
            for (var e : procs.entrySet()) {
                Record r = new Record();
                List<?> v = e.getValue() instanceof List<?> l ? l : List.of();
                if (v.isEmpty()) ctx.warn(f.path() + ": baseline of " + e.getKey() + " is not an array");
                r.put("timestamp", v.isEmpty() ? null : Plists.cocoaDate(v.get(0)));
                r.put("package", e.getKey());
                String[] names = {"wifi_in", "wifi_out", "wwan_in", "wwan_out"};
                for (int i = 0; i < names.length; i++) r.put(names[i], v.size() > i + 1 ? Plists.num(v.get(i + 1)) : null);
                ctx.emit(r);
            }
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        String p = r.str("package");
        checker.indicators().process(p).ifPresent(m -> checker.ioc(Level.CRITICAL, r, m, "Process " + p + " in the daily network baseline",
                "iOS recorded network use by a process of this name, which is strong evidence, though a legitimate program "
                        + "can share a name with an indicator."));
    }

    @Override
    public String describe(Record r) {
        return "Daily network baseline of " + r.str("package") + ": WiFi in " + r.str("wifi_in") + " out " + r.str("wifi_out")
                + ", cellular in " + r.str("wwan_in") + " out " + r.str("wwan_out");
    }
}
