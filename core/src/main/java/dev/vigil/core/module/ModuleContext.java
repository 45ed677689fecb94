package dev.vigil.core.module;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.model.Record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What a running module sees: the evidence, the run's options, and where its records go. */
public final class ModuleContext {
    private final EvidenceSource source;
    private final Map<String, String> options;
    private final List<Record> records = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> artifacts = new ArrayList<>();

    private final dev.vigil.core.ioc.Indicators indicators;

    public ModuleContext(EvidenceSource source, Map<String, String> options) {
        this(source, options, dev.vigil.core.ioc.Indicators.empty());
    }

    public ModuleContext(EvidenceSource source, Map<String, String> options, dev.vigil.core.ioc.Indicators indicators) {
        this.source = source;
        this.options = Map.copyOf(options);
        this.indicators = indicators == null ? dev.vigil.core.ioc.Indicators.empty() : indicators;
    }

    /**
     * The run's indicators, for the few modules that cannot record every item they read
     * (a filesystem walk of 300,000 entries, a hash of every file): they keep as records
     * only what matches these or is notable on its own. Everything else must be checked in
     * {@link ArtifactModule#check} from the records alone.
     */
    public dev.vigil.core.ioc.Indicators indicators() {
        return indicators;
    }

    public EvidenceSource source() {
        return source;
    }

    /** A run option ("fast", "hashes", ...), or null. */
    public String option(String name) {
        return options.get(name);
    }

    public boolean flag(String name) {
        return "true".equals(options.get(name));
    }

    /** Where a streaming check sends each record as it is emitted (checked, written, let go). */
    public interface Sink {
        void accept(Record r);
    }

    private Sink sink;
    private int emitted;

    /** Sends every emitted record to {@code sink} instead of keeping it (see {@link CheckRunner#spillTo}). */
    public ModuleContext streamTo(Sink sink) {
        this.sink = sink;
        return this;
    }

    /**
     * Adds a record. The record must be complete: a streaming check writes it at once. Checks
     * the thread's interrupt flag so a timed-out module stops.
     */
    public void emit(Record r) {
        if (Thread.currentThread().isInterrupted()) throw new ModuleCancelledException();
        r.compact();
        emitted++;
        if (sink != null) sink.accept(r);
        else records.add(r);
    }

    /** How many records were emitted (kept or streamed). */
    public int emitted() {
        return emitted;
    }

    /** Notes something that was read only in part (a bad row, an unknown field). Never silent. */
    public void warn(String message) {
        if (warnings.size() < 1000) warnings.add(message);
        else if (warnings.size() == 1000) warnings.add("(further warnings omitted)");
    }

    /** Records that an artifact was read (shown in run.json and the report). */
    public void used(EvidenceFile f) {
        artifacts.add(f.path());
    }

    /**
     * The files matching one of the globs; throws {@link ArtifactNotFoundException} naming
     * them when there are none.
     */
    public List<EvidenceFile> require(String... globs) throws IOException, ArtifactNotFoundException {
        List<EvidenceFile> out = new ArrayList<>();
        for (String g : globs) out.addAll(source.find(g));
        if (out.isEmpty()) throw new ArtifactNotFoundException("no " + String.join(" or ", globs));
        return out;
    }

    /** The records kept (none when they are streamed). */
    public List<Record> records() {
        return Collections.unmodifiableList(records);
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    public List<String> artifacts() {
        return Collections.unmodifiableList(artifacts);
    }

    /** Thrown from {@link #emit} when the module's time is up. */
    public static final class ModuleCancelledException extends RuntimeException {
        public ModuleCancelledException() {
            super("cancelled: the module ran out of time");
        }
    }
}
