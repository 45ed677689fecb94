package dev.vigil.core.model;

import java.util.List;

/**
 * The outcome of one module in one run.
 *
 * @param slug     the module's slug (file name of its records: {@code <slug>.json})
 * @param status   ok, not_found or error
 * @param error    why it is not ok (null when ok)
 * @param records  what it parsed
 * @param alerts   what its checks found
 * @param timeline its timeline events (kept sorted)
 * @param warnings what it parsed only in part (a skipped row, an unknown format), never silent
 * @param artifacts logical paths of the artifacts it read
 */
public record ModuleResult(String slug, ModuleStatus status, String error, List<Record> records,
                           List<Alert> alerts, List<TimelineEvent> timeline, List<String> warnings,
                           List<String> artifacts) {
    public ModuleResult {
        // a list the check has already written and let go of (SpilledRecords) is kept as it is
        records = records instanceof dev.vigil.core.report.SpilledRecords ? records : List.copyOf(records);
        alerts = List.copyOf(alerts);
        // Sorted here, on the module's own thread, so the run's timeline is a cheap merge.
        TimelineEvent[] tl = timeline.toArray(new TimelineEvent[0]);
        java.util.Arrays.sort(tl);
        timeline = List.of(tl);
        warnings = List.copyOf(warnings);
        artifacts = List.copyOf(artifacts);
    }

    /** This result with its records replaced (by the written, let-go form of the same records). */
    public ModuleResult withRecords(List<Record> newRecords) {
        return new ModuleResult(slug, status, error, newRecords, alerts, timeline, warnings, artifacts);
    }

    public ModuleResult withAlerts(List<Alert> newAlerts) {
        return new ModuleResult(slug, status, error, records, newAlerts, timeline, warnings, artifacts);
    }
}
