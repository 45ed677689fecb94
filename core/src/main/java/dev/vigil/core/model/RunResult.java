package dev.vigil.core.model;

import dev.vigil.core.evidence.Custody;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one check produced: per-module results in module order, the alerts of the
 * cross-module analyzers, and the custody log of inputs read.
 */
public record RunResult(String evidenceType, String location, List<ModuleResult> modules,
                        List<Alert> analyzerAlerts, List<String> analyzers, List<Custody.Entry> inputs) {
    public RunResult {
        modules = List.copyOf(modules);
        analyzerAlerts = List.copyOf(analyzerAlerts);
        analyzers = List.copyOf(analyzers);
        inputs = List.copyOf(inputs);
    }

    /** All alerts: module alerts in module order, then analyzer alerts. */
    public List<Alert> alerts() {
        List<Alert> all = new ArrayList<>();
        for (ModuleResult m : modules) all.addAll(m.alerts());
        all.addAll(analyzerAlerts);
        return all;
    }

    /** All timeline events, sorted by time then module. */
    public List<TimelineEvent> timeline() {
        List<TimelineEvent> all = new ArrayList<>();
        for (ModuleResult m : modules) all.addAll(m.timeline());
        all.sort(null);
        return all;
    }

    public boolean hasSerious() {
        return alerts().stream().anyMatch(a -> a.level().isSerious());
    }
}
