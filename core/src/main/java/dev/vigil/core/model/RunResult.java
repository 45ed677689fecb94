package dev.vigil.core.model;

import dev.vigil.core.evidence.Custody;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Everything one check produced: per-module results in module order, the alerts of the
 * cross-module analyzers, and the custody log of inputs read.
 *
 * <p>Immutable. The run's timeline is merged once, on first use, and shared by everything
 * that writes it (timeline.csv, the report).
 */
public final class RunResult {
    private final String evidenceType;
    private final String location;
    private final List<ModuleResult> modules;
    private final List<Alert> analyzerAlerts;
    private final List<String> analyzers;
    private final List<Custody.Entry> inputs;
    private List<TimelineEvent> timeline;

    public RunResult(String evidenceType, String location, List<ModuleResult> modules,
                     List<Alert> analyzerAlerts, List<String> analyzers, List<Custody.Entry> inputs) {
        this.evidenceType = evidenceType;
        this.location = location;
        this.modules = List.copyOf(modules);
        this.analyzerAlerts = List.copyOf(analyzerAlerts);
        this.analyzers = List.copyOf(analyzers);
        this.inputs = List.copyOf(inputs);
    }

    public String evidenceType() {
        return evidenceType;
    }

    public String location() {
        return location;
    }

    public List<ModuleResult> modules() {
        return modules;
    }

    public List<Alert> analyzerAlerts() {
        return analyzerAlerts;
    }

    public List<String> analyzers() {
        return analyzers;
    }

    public List<Custody.Entry> inputs() {
        return inputs;
    }

    /** All alerts: module alerts in module order, then analyzer alerts. */
    public List<Alert> alerts() {
        List<Alert> all = new ArrayList<>();
        for (ModuleResult m : modules) all.addAll(m.alerts());
        all.addAll(analyzerAlerts);
        return all;
    }

    /** All timeline events, sorted by time, module, event, data: a merge of the modules' sorted timelines. */
    public synchronized List<TimelineEvent> timeline() {
        if (timeline == null) timeline = merge(modules);
        return timeline;
    }

    private static List<TimelineEvent> merge(List<ModuleResult> modules) {
        int total = 0;
        for (ModuleResult m : modules) total += m.timeline().size();
        List<TimelineEvent> all = new ArrayList<>(total);
        // k-way merge: a heap of (module index, position), ordered by the event at that position
        PriorityQueue<int[]> heap = new PriorityQueue<>(
                (a, b) -> modules.get(a[0]).timeline().get(a[1]).compareTo(modules.get(b[0]).timeline().get(b[1])));
        for (int i = 0; i < modules.size(); i++) if (!modules.get(i).timeline().isEmpty()) heap.add(new int[] {i, 0});
        while (!heap.isEmpty()) {
            int[] top = heap.poll();
            List<TimelineEvent> tl = modules.get(top[0]).timeline();
            all.add(tl.get(top[1]));
            if (++top[1] < tl.size()) heap.add(top);
        }
        return List.copyOf(all);
    }

    public boolean hasSerious() {
        return alerts().stream().anyMatch(a -> a.level().isSerious());
    }
}
