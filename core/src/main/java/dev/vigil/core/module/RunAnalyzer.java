package dev.vigil.core.module;

import dev.vigil.core.model.Record;

import java.util.List;
import java.util.Map;

/**
 * A check across the records of several modules (temporal correlation, summaries). Like
 * {@link ArtifactModule#check}, it depends only on stored records, so it re-runs on
 * {@code check-iocs}. Listed in {@code META-INF/services/dev.vigil.core.module.RunAnalyzer}.
 */
public interface RunAnalyzer {
    String slug();

    /** True when this analyzer applies to runs of that evidence type ("ios-backup", ...). */
    boolean appliesTo(String evidenceType);

    void analyze(Map<String, List<Record>> recordsBySlug, Checker checker);
}
