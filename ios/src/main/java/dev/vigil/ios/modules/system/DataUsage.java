package dev.vigil.ios.modules.system;

import java.util.List;
import java.util.Set;

/**
 * {@code private/var/wireless/Library/Databases/DataUsage.sqlite} (CoreTelephony's per-process
 * network usage, in backups and filesystem dumps), and {@code DataUsage-watch.sqlite} beside it
 * (the same model for a paired Apple Watch). See {@link NetUsageBase} for the records and
 * checks; gaps are looked for in each database on its own.
 */
public final class DataUsage extends NetUsageBase {
    @Override
    public String slug() {
        return "datausage";
    }

    @Override
    public String description() {
        return "Per-process network usage (DataUsage.sqlite): process names and bundle ids against indicators, deleted process rows";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-backup", "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/wireless/Library/Databases/DataUsage.sqlite",
                "private/var/wireless/Library/Databases/DataUsage-watch.sqlite");
    }

    @Override
    String databaseName() {
        return "DataUsage.sqlite";
    }
}
