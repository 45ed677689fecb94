package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code private/var/networkd/netusage.sqlite} (networkd's per-process network usage; iOS 15
 * and later also keep it as {@code private/var/networkd/db/netusage.sqlite}). Only in
 * filesystem dumps. Same model and checks as {@link DataUsage} (see {@link NetUsageBase}),
 * plus: for a process without a bundle id, whether a file of that name exists in the
 * dump's system and app folders ({@code binary_present}: true, false, or absent when the
 * dump holds no system binaries to compare with). A process that used the network but has
 * no app bundle and no binary on disk is what Pegasus processes looked like (they ran from
 * memory or from files deleted after launch).
 */
public final class NetUsage extends NetUsageBase {
    /** Folders holding the binaries of system daemons and apps, as on the phone. */
    static final List<String> BINARY_GLOBS = List.of(
            "usr/libexec/**", "usr/sbin/**", "usr/bin/**", "sbin/**", "bin/**", "System/Library/**",
            "Applications/**", "private/var/containers/Bundle/Application/**", "Developer/**", "usr/local/**");

    @Override
    public String slug() {
        return "netusage";
    }

    @Override
    public String description() {
        return "Per-process network usage (netusage.sqlite): process names against indicators, deleted rows, processes without a binary";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/networkd/netusage.sqlite", "private/var/networkd/db/netusage.sqlite");
    }

    @Override
    String databaseName() {
        return "netusage.sqlite";
    }

    @Override
    void enrich(ModuleContext ctx, List<Record> records) throws Exception {
        boolean needed = records.stream().anyMatch(r -> r.has("proc_name") && !r.has("bundle_id"));
        if (!needed) return;
        Set<String> names = new HashSet<>();
        boolean systemPresent = false;
        for (String g : BINARY_GLOBS) {
            for (EvidenceFile f : ctx.source().find(g)) {
                names.add(f.name());
                if (f.path().startsWith("usr/") || f.path().startsWith("System/")) systemPresent = true;
            }
        }
        if (!systemPresent) {
            ctx.warn("the evidence holds no system binaries (usr/, System/): binary presence of processes not checked");
            return;
        }
        for (Record r : records) {
            if (!r.has("proc_name") || r.has("bundle_id")) continue;
            String n = r.str("proc_name");
            int slash = n.indexOf('/');
            String exe = slash > 0 ? n.substring(0, slash) : n;
            r.put("binary_present", names.contains(exe) || names.contains(n));
        }
    }

    @Override
    void checkMore(List<Record> records, Checker checker) {
        Set<String> seen = new HashSet<>();
        for (Record r : records) {
            if (!Boolean.FALSE.equals(r.get("binary_present"))) continue;
            String name = r.str("proc_name");
            if (!seen.add(r.str("database") + "\u0000" + name)) continue; // one alert per process
            checker.alert(Level.MEDIUM, r,
                    "Process " + name + " used the network but has no app bundle id and no binary of that name on disk",
                    "netusage.sqlite records process " + name + " without a bundle id, and no file of that name exists in the dump's "
                            + "system or app folders; Pegasus processes seen by Amnesty had exactly this profile.",
                    "Binaries of removed apps, renamed system helpers or a partial dump produce the same result; it does not identify any spyware.");
        }
    }
}
