package dev.vigil.core.module;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.model.TimelineEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs artifact modules over one evidence source: in parallel, each isolated (its exception,
 * its running out of memory on a hostile file, or its timeout is reported for it alone while
 * the others go on), then checks their records and builds the timeline. Results keep the
 * order of the module list, so output is deterministic whatever the scheduling.
 */
public final class CheckRunner {
    /** Progress callbacks, called from worker threads. */
    public interface Listener {
        default void started(String slug) {}

        default void finished(ModuleResult result) {}
    }

    private final Indicators indicators;
    private final Map<String, String> options;
    private final Duration moduleTimeout;
    private final int threads;
    private Listener listener = new Listener() {};
    private java.nio.file.Path spillDir;

    public CheckRunner(Indicators indicators, Map<String, String> options, Duration moduleTimeout) {
        this.indicators = indicators;
        this.options = Map.copyOf(options);
        this.moduleTimeout = moduleTimeout;
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public CheckRunner listener(Listener l) {
        this.listener = l;
        return this;
    }

    /**
     * Writes each module's records to {@code dir/<slug>.json} as soon as the module is done and
     * lets them go (the results then hold {@link dev.vigil.core.report.SpilledRecords}); the
     * analyzers see them first, through their streaming {@link RunAnalyzer#session sessions}.
     * Memory then holds the records of the modules running at the moment, not of the whole run.
     */
    public CheckRunner spillTo(java.nio.file.Path dir) {
        this.spillDir = dir;
        return this;
    }

    public RunResult run(EvidenceSource source, List<ArtifactModule> modules, List<RunAnalyzer> analyzers) {
        List<Session> sessions = new ArrayList<>();
        for (RunAnalyzer a : analyzers) {
            try {
                sessions.add(new Session(a, a.session(indicators)));
            } catch (RuntimeException e) {
                // an analyzer that cannot start is left out, as one that fails
            }
        }
        java.util.concurrent.atomic.AtomicReference<java.io.IOException> writeError = new java.util.concurrent.atomic.AtomicReference<>();
        ModuleResult[] results = new ModuleResult[modules.size()];
        BlockingQueue<Integer> done = new LinkedBlockingQueue<>();
        Map<Integer, Thread> running = new HashMap<>();
        Map<Integer, Long> deadlines = new HashMap<>();
        int[] order = largestFirst(source, modules);
        int next = 0;
        AtomicInteger n = new AtomicInteger();
        while (next < modules.size() || !running.isEmpty()) {
            // Start modules while there are free slots. Each module gets its own thread, so a
            // module stuck in a loop that ignores interruption is abandoned at its deadline and
            // its slot given to the next module: one stuck parser cannot hang the check.
            while (next < modules.size() && running.size() < threads) {
                int idx = order[next++];
                ArtifactModule m = modules.get(idx);
                Thread t = new Thread(() -> {
                    ModuleResult r;
                    try {
                        listener.started(m.slug());
                        r = runOne(source, m, sessions);
                        boolean timedOut;
                        synchronized (results) {
                            timedOut = results[idx] != null;
                        }
                        if (!timedOut) r = handOver(r, sessions, writeError);
                    } catch (Throwable e) { // never leave the run waiting for this module's deadline
                        r = failed(m, describe(e));
                    }
                    synchronized (results) {
                        if (results[idx] == null) results[idx] = r;
                    }
                    done.add(idx);
                }, "vigil-module-" + n.incrementAndGet() + "-" + m.slug());
                t.setDaemon(true);
                running.put(idx, t);
                deadlines.put(idx, System.nanoTime() + moduleTimeout.toNanos());
                t.start();
            }
            long soonest = deadlines.values().stream().mapToLong(Long::longValue).min().orElse(System.nanoTime());
            Integer finished;
            try {
                finished = done.poll(Math.max(0, soonest - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.values().forEach(Thread::interrupt);
                break;
            }
            if (finished != null) {
                running.remove(finished);
                deadlines.remove(finished);
                listener.finished(results[finished]);
                continue;
            }
            long now = System.nanoTime();
            for (var e : List.copyOf(deadlines.entrySet())) {
                if (e.getValue() - now > 0) continue;
                int idx = e.getKey();
                ModuleResult timedOut = failed(modules.get(idx), "timed out after " + moduleTimeout.toSeconds() + " s; the other modules went on");
                synchronized (results) {
                    if (results[idx] == null) results[idx] = timedOut;
                }
                running.remove(idx).interrupt();
                deadlines.remove(idx);
                if (spillDir != null) {
                    try {
                        java.nio.file.Files.deleteIfExists(spillDir.resolve(modules.get(idx).slug() + ".json")); // a streamed, unfinished file
                    } catch (java.io.IOException ignored) {
                        // run.json says the module timed out; a stray partial file is all that is left
                    }
                }
                listener.finished(results[idx]);
            }
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) results[i] = failed(modules.get(i), "interrupted");
        }
        if (writeError.get() != null) throw new java.io.UncheckedIOException(writeError.get());
        List<ModuleResult> list = List.of(results);
        List<Alert> analyzerAlerts = new ArrayList<>();
        for (Session s : sessions) {
            if (s.failed) continue;
            Checker c = new Checker(s.analyzer.slug(), indicators);
            try {
                s.session.finish(c);
            } catch (RuntimeException | StackOverflowError e) {
                continue;
            }
            analyzerAlerts.addAll(c.alerts());
        }
        return new RunResult(source.type(), source.location(), list, analyzerAlerts,
                analyzers.stream().map(a -> a.getClass().getName()).toList(), source.custody().entries());
    }

    /**
     * The order to start modules in: those with the most bytes to read first (longest job first
     * keeps both cores busy to the end instead of leaving one big module running alone).
     * Results keep the module list's order whatever the start order.
     */
    private static int[] largestFirst(EvidenceSource source, List<ArtifactModule> modules) {
        long[] weight = new long[modules.size()];
        for (int i = 0; i < modules.size() && source.indexed(); i++) {
            try {
                for (String glob : modules.get(i).paths()) {
                    for (var f : source.find(glob)) weight[i] += Math.max(0, f.size());
                }
            } catch (java.io.IOException | RuntimeException e) {
                weight[i] = 0; // the module will meet (and report) the problem itself
            }
        }
        return java.util.stream.IntStream.range(0, modules.size()).boxed()
                .sorted(java.util.Comparator.<Integer>comparingLong(i -> -weight[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** An analyzer's streaming session; one that throws is left out of the run's alerts. */
    private static final class Session {
        final RunAnalyzer analyzer;
        final RunAnalyzer.Session session;
        volatile boolean failed;

        Session(RunAnalyzer analyzer, RunAnalyzer.Session session) {
            this.analyzer = analyzer;
            this.session = session;
        }
    }

    /** Shows a finished module's records to the analyzers, then (when spilling) writes them and lets them go. */
    private ModuleResult handOver(ModuleResult r, List<Session> sessions, java.util.concurrent.atomic.AtomicReference<java.io.IOException> writeError) {
        if (r.records() instanceof dev.vigil.core.report.SpilledRecords) return r; // streamed: shown and written already
        for (Session s : sessions) {
            if (s.failed) continue;
            try {
                s.session.accept(r.slug(), r.records());
            } catch (RuntimeException | StackOverflowError e) {
                s.failed = true;
            }
        }
        if (spillDir == null || r.records().isEmpty() && r.status() != ModuleStatus.OK) return r;
        try {
            dev.vigil.core.report.ResultWriter.writeRecords(spillDir.resolve(r.slug() + ".json"), r.records());
            return r.withRecords(new dev.vigil.core.report.SpilledRecords(spillDir, r.slug(), r.records().size()));
        } catch (java.io.IOException e) {
            writeError.compareAndSet(null, e);
            return r;
        }
    }

    private ModuleResult runOne(EvidenceSource source, ArtifactModule m, List<Session> sessions) {
        ModuleContext ctx = new ModuleContext(source, options, indicators);
        Stream stream = spillDir != null && checksRecordByRecord(m) ? new Stream(m, spillDir, indicators, sessions) : null;
        if (stream != null) ctx.streamTo(stream);
        long t0 = System.nanoTime();
        ModuleResult r;
        try {
            m.run(ctx);
            r = stream != null ? stream.finish(ModuleStatus.OK, null, ctx) : null;
        } catch (ArtifactNotFoundException e) {
            r = stream != null ? stream.finish(ModuleStatus.NOT_FOUND, e.getMessage(), ctx)
                    : new ModuleResult(m.slug(), ModuleStatus.NOT_FOUND, e.getMessage(), List.of(), List.of(), List.of(), ctx.warnings(), ctx.artifacts());
        } catch (Throwable e) { // evidence is hostile: a StackOverflowError or OOM stays with this module
            r = stream != null ? stream.finish(ModuleStatus.ERROR, describe(e), ctx)
                    : new ModuleResult(m.slug(), ModuleStatus.ERROR, describe(e), ctx.records(), List.of(), List.of(), ctx.warnings(), ctx.artifacts());
        }
        long t1 = System.nanoTime();
        if (r == null) r = checked(m, ctx.records(), ctx.warnings(), ctx.artifacts(), indicators);
        if (dev.vigil.core.util.Trace.on()) {
            dev.vigil.core.util.Trace.log(m.slug() + ": " + r.records().size() + " records" + (stream != null ? " (streamed)" : "") + ", run "
                    + (t1 - t0) / 1_000_000 + " ms, check+timeline " + dev.vigil.core.util.Trace.ms(t1) + " ms");
        }
        return r;
    }

    /** True when the module checks each record on its own (it does not override {@link ArtifactModule#check}). */
    static boolean checksRecordByRecord(ArtifactModule m) {
        try {
            return m.getClass().getMethod("check", List.class, Checker.class).getDeclaringClass() == ArtifactModule.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * A module's records handled as they are emitted: checked, put on the timeline, shown to
     * the analyzers and written to {@code <slug>.json}, then let go. Same output as checking the
     * whole list afterwards, for modules that check record by record.
     */
    private static final class Stream implements ModuleContext.Sink {
        private final ArtifactModule module;
        private final java.nio.file.Path file;
        private final java.nio.file.Path dir;
        private final Checker checker;
        private final List<Session> sessions;
        private final List<TimelineEvent> timeline = new ArrayList<>();
        private dev.vigil.core.report.RecordsFile records;
        private String checkError;

        Stream(ArtifactModule module, java.nio.file.Path dir, Indicators indicators, List<Session> sessions) {
            this.module = module;
            this.dir = dir;
            this.file = dir.resolve(module.slug() + ".json");
            this.checker = new Checker(module.slug(), indicators);
            this.sessions = sessions;
        }

        @Override
        public void accept(Record r) {
            try {
                module.checkRecord(r, checker);
            } catch (RuntimeException | StackOverflowError e) {
                if (checkError == null) checkError = describe(e);
            }
            try {
                timeline.addAll(module.timeline(r));
            } catch (RuntimeException e) {
                // a record without a usable time is simply not on the timeline
            }
            for (Session s : sessions) {
                if (s.failed) continue;
                try {
                    s.session.record(module.slug(), r);
                } catch (RuntimeException | StackOverflowError e) {
                    s.failed = true;
                }
            }
            try {
                if (records == null) records = new dev.vigil.core.report.RecordsFile(file);
                records.write(r);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + file, e);
            }
        }

        /** Closes the file (an ok module with no records gets "[]") and makes the module's result. */
        ModuleResult finish(ModuleStatus status, String error, ModuleContext ctx) {
            List<String> warnings = new ArrayList<>(ctx.warnings());
            if (checkError != null) warnings.add("check failed: " + checkError);
            try {
                if (records == null && status == ModuleStatus.OK) records = new dev.vigil.core.report.RecordsFile(file);
                if (records != null) records.close();
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return new ModuleResult(module.slug(), ModuleStatus.ERROR, "cannot write " + file + ": " + describe(e), List.of(),
                        checker.alerts(), timeline, warnings, ctx.artifacts());
            }
            List<Record> written = records == null ? List.of() : new dev.vigil.core.report.SpilledRecords(dir, module.slug(), records.count());
            return new ModuleResult(module.slug(), status, error, written, checker.alerts(), timeline, warnings, ctx.artifacts());
        }
    }

    /** Checks records (fresh or stored) with a module and builds its timeline. */
    public static ModuleResult checked(ArtifactModule m, List<Record> records, List<String> warnings, List<String> artifacts, Indicators indicators) {
        Checker checker = new Checker(m.slug(), indicators);
        List<String> w = new ArrayList<>(warnings);
        try {
            m.check(records, checker);
        } catch (RuntimeException | StackOverflowError e) {
            w.add("check failed: " + describe(e));
        }
        List<TimelineEvent> tl = new ArrayList<>();
        for (Record r : records) {
            try {
                tl.addAll(m.timeline(r));
            } catch (RuntimeException e) {
                // a record without a usable time is simply not on the timeline
            }
        }
        return new ModuleResult(m.slug(), ModuleStatus.OK, null, records, checker.alerts(), tl, w, artifacts);
    }

    /** Runs cross-module analyzers over the results' records. */
    public List<Alert> analyze(String evidenceType, List<ModuleResult> results, List<RunAnalyzer> analyzers) {
        Map<String, List<Record>> bySlug = new LinkedHashMap<>();
        for (ModuleResult r : results) bySlug.put(r.slug(), r.records());
        List<Alert> out = new ArrayList<>();
        for (RunAnalyzer a : analyzers) {
            Checker c = new Checker(a.slug(), indicators);
            try {
                a.analyze(bySlug, c);
            } catch (RuntimeException e) {
                continue;
            }
            out.addAll(c.alerts());
        }
        return out;
    }

    private static ModuleResult failed(ArtifactModule m, String error) {
        return new ModuleResult(m.slug(), ModuleStatus.ERROR, error, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** A one-line description of an error, for users: never a stack trace. */
    public static String describe(Throwable e) {
        if (e == null) return "unknown error";
        // Wrappers say nothing useful: describe what they wrap.
        if ((e instanceof ExceptionInInitializerError || e instanceof java.util.concurrent.ExecutionException
                || e instanceof java.lang.reflect.InvocationTargetException || e instanceof java.io.UncheckedIOException)
                && e.getCause() != null && e.getCause() != e) {
            return describe(e.getCause());
        }
        if (e instanceof OutOfMemoryError) {
            return "ran out of memory on this artifact (limit " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB; with the vigil launcher, raise it with e.g. VIGIL_HEAP=2g)";
        }
        if (e instanceof StackOverflowError) return "nesting too deep in this artifact";
        String msg = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? kind : kind.endsWith("Exception") && !kind.equals("Exception") ? msg + " (" + kind + ")" : msg;
    }
}
