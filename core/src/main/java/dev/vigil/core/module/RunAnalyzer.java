package dev.vigil.core.module;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A check across the records of several modules (temporal correlation, summaries). Like
 * {@link ArtifactModule#check}, it depends only on stored records, so it re-runs on
 * {@code check-iocs}. Listed in {@code META-INF/services/dev.vigil.core.module.RunAnalyzer}.
 */
public interface RunAnalyzer {
    String slug();

    /** True when this analyzer applies to runs of that evidence type ("ios-backup", ...). */
    boolean appliesTo(String evidenceType);

    /** Analyzes the records of a whole run at once (stored results, tests). */
    void analyze(Map<String, List<Record>> recordsBySlug, Checker checker);

    /**
     * A streaming run of this analyzer: it is shown each module's records once, as that module
     * finishes (from the module's own thread, so several at a time), and reports at the end.
     * A check can then write a module's records and let them go instead of keeping every record
     * of the run in memory. An analyzer that only needs a digest of the records should keep just
     * that digest. The default keeps the records and calls {@link #analyze} at the end, with the
     * modules in slug order.
     */
    default Session session(Indicators indicators) {
        RunAnalyzer self = this;
        Map<String, List<Record>> kept = new ConcurrentHashMap<>();
        return new Session() {
            @Override
            public void record(String slug, Record r) {
                kept.computeIfAbsent(slug, k -> new ArrayList<>()).add(r);
            }

            @Override
            public void finish(Checker checker) {
                self.analyze(new TreeMap<>(kept), checker);
            }
        };
    }

    /** One streaming run of an analyzer (see {@link #session}). */
    interface Session {
        /**
         * One record of a module. A module's records come in order, from one thread; several
         * modules run side by side, so calls for different slugs may come at the same time.
         */
        void record(String slug, Record r);

        /** All the records of one module at once. */
        default void accept(String slug, List<Record> records) {
            for (Record r : records) record(slug, r);
        }

        /** Reports the analyzer's alerts once every module has been accepted. */
        void finish(Checker checker);
    }
}
