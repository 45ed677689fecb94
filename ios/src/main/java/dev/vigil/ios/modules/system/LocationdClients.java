package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * locationd's clients.plist: every app, daemon or location bundle that asked for the location,
 * with its authorisation and the last times it used it. It lives in
 * {@code private/var/mobile/Library/Caches/locationd/clients.plist} (iOS 13 and later) or
 * {@code private/var/root/Library/Caches/locationd/clients.plist} (older, and the RootDomain of
 * backups). Top level: client key (a bundle id, or "com.apple.locationd.bundle-" + a bundle
 * path, or an executable path) to a dictionary with {@code BundleId}, {@code BundlePath},
 * {@code Executable}, {@code Registered}, {@code Authorization}, {@code Whitelisted} and
 * times in Cocoa seconds ({@code LocationTimeStopped}, {@code SignificantTimeStopped},
 * {@code ReceivingLocationInformationTimeStopped}, {@code ConsumptionPeriodBegin}...).
 *
 * <p>Records, one per client: {@code timestamp} (latest of its times), {@code client},
 * {@code bundle_id}, {@code bundle_path}, {@code executable}, {@code registered},
 * {@code authorization}, {@code whitelisted}, {@code timestamps} (time key to ISO time),
 * {@code file}. Checks: bundle ids against app ids, executables against process names and
 * file paths.
 */
public final class LocationdClients implements ArtifactModule {
    static final String BUNDLE_PREFIX = "com.apple.locationd.bundle-";

    @Override
    public String slug() {
        return "locationd_clients";
    }

    @Override
    public String description() {
        return "Apps and programs that used location services (locationd clients.plist), against app-id and process indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-backup", "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/Caches/locationd/clients.plist",
                "private/var/root/Library/Caches/locationd/clients.plist");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        for (EvidenceFile f : ctx.require(paths().toArray(String[]::new))) {
            Map<String, Object> root = Plists.readDict(ctx, f);
            for (var e : root.entrySet()) {
                Map<String, Object> v = Plists.dict(e.getValue());
                if (v == null) {
                    ctx.warn(f.path() + ": client " + e.getKey() + " is not a dictionary, skipped");
                    continue;
                }
                Map<String, Object> times = new LinkedHashMap<>();
                Instant latest = null;
                for (var kv : v.entrySet()) {
                    String k = kv.getKey();
                    if (!(k.contains("Time") || k.contains("Period"))) continue;
                    Instant t = Plists.cocoaDate(kv.getValue());
                    if (t == null) continue;
                    times.put(k, dev.vigil.core.model.Times.iso(t));
                    if (latest == null || t.isAfter(latest)) latest = t;
                }
                String key = e.getKey();
                String bundlePath = Plists.str(v, "BundlePath");
                if (bundlePath == null && key.startsWith(BUNDLE_PREFIX)) bundlePath = key.substring(BUNDLE_PREFIX.length());
                Record r = new Record();
                r.put("timestamp", latest);
                r.put("client", key);
                r.put("bundle_id", Plists.str(v, "BundleId"));
                r.put("bundle_path", bundlePath);
                r.put("executable", Plists.str(v, "Executable"));
                r.put("registered", Plists.str(v, "Registered"));
                r.put("authorization", Plists.num(v, "Authorization"));
                r.put("whitelisted", v.get("Whitelisted") instanceof Boolean b ? b : null);
                r.put("timestamps", times);
                r.put("file", f.path());
                ctx.emit(r);
            }
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Indicators ind = checker.indicators();
        String caveat = "locationd registered this program as a location client, which is strong evidence that it ran on the phone; "
                + "it does not show that location was taken.";
        Optional<Match> m = Optional.empty();
        String what = null;
        for (String k : List.of("bundle_id", "client")) {
            String v = r.str(k);
            if (v == null || m.isPresent()) continue;
            m = ind.appId(v);
            if (m.isEmpty()) m = ind.process(v);
            what = "Location client " + v;
        }
        for (String k : List.of("executable", "registered", "bundle_path")) {
            String v = r.str(k);
            if (v == null || v.isEmpty() || m.isPresent()) continue;
            m = ind.filePath(v);
            if (m.isEmpty()) m = ind.process(v.substring(v.lastIndexOf('/') + 1));
            what = "Location client executable " + v;
        }
        String w = what;
        m.ifPresent(x -> checker.ioc(Level.CRITICAL, r, x, w, caveat));
    }

    @Override
    public List<TimelineEvent> timeline(Record r) {
        List<TimelineEvent> out = new ArrayList<>();
        if (r.get("timestamps") instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                out.add(new TimelineEvent(String.valueOf(e.getValue()), slug(), slug(), r.str("client") + ": " + e.getKey()));
            }
        }
        return out;
    }

    @Override
    public String describe(Record r) {
        return "Location client " + r.str("client") + (r.str("executable") == null ? "" : " (" + r.str("executable") + ")")
                + " authorisation " + r.str("authorization");
    }
}
