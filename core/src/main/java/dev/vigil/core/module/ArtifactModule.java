package dev.vigil.core.module;

import dev.vigil.core.model.Record;
import dev.vigil.core.model.TimelineEvent;

import java.util.List;

/**
 * One artifact, one class: where its file lives, how it becomes records, and what in those
 * records is worth an alert. The framework ({@link CheckRunner}) opens the evidence, runs
 * modules in parallel with a timeout each, catches their errors, and writes their results.
 *
 * <p>{@link #check} must depend only on the records and the indicators, never on the
 * evidence, so that stored records can be re-checked against new indicators
 * ({@code vigil check-iocs}, retro-hunt in the web app). Implementations must have a public
 * no-argument constructor and be listed in
 * {@code META-INF/services/dev.vigil.core.module.ArtifactModule}.
 */
public interface ArtifactModule {
    /** The module's slug: snake_case, the reference tool's slug for the same artifact. */
    String slug();

    /** One sentence for users: what this module reads and looks for. */
    String description();

    /**
     * The evidence types this module runs on ("ios-backup", "ios-fs", "android-bugreport", ...).
     * {@link dev.vigil.core.run.EvidenceType#modules} picks modules by this.
     */
    java.util.Set<String> evidenceTypes();

    /** Logical paths or globs this module reads, so a streaming source can prefetch them in one pass. */
    List<String> paths();

    /**
     * Finds the artifact through {@link ModuleContext#source()} and emits its records. Throws
     * {@link ArtifactNotFoundException} when the artifact is not in this evidence; any other
     * exception marks the module as failed with that message.
     */
    void run(ModuleContext ctx) throws Exception;

    /** Checks all records of this module. The default checks each record on its own. */
    default void check(List<Record> records, Checker checker) {
        for (Record r : records) checkRecord(r, checker);
    }

    /** Checks one record; called by the default {@link #check}. */
    default void checkRecord(Record record, Checker checker) {}

    /**
     * The timeline events of a record. The default makes one event from the record's
     * {@code timestamp} field, described by {@link #describe(Record)}.
     */
    default List<TimelineEvent> timeline(Record record) {
        String t = record.str("timestamp");
        if (t == null) return List.of();
        return List.of(new TimelineEvent(t, slug(), slug(), describe(record)));
    }

    /** A one-line description of a record for the timeline and the report. */
    default String describe(Record record) {
        return record.toString();
    }
}
