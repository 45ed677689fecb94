package dev.vigil.core.run;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.module.ModuleRegistry;
import dev.vigil.core.module.RunAnalyzer;
import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.report.RunInfo;
import dev.vigil.core.Version;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.vigil.core.util.Parallel;

/**
 * One whole check, as every front end runs it: open the evidence, run its modules, write
 * the result folder (and the report, through the registered {@link ResultHook}s).
 */
public final class Check {
    /** Something to do with a finished result folder (write report.html, store the case). */
    public interface ResultHook {
        void written(Path dir, RunResult result, RunInfo info) throws IOException;
    }

    private Check() {}

    /** The outcome of a check: the result, its run.json and where it was written. */
    public record Outcome(RunResult result, RunInfo info, Path dir) {
        /** 0 without HIGH/CRITICAL alerts, 3 with. */
        public int exitStatus() {
            return result.hasSerious() ? 3 : 0;
        }
    }

    public static Outcome run(EvidenceType type, List<Path> evidence, CheckOptions options, Indicators indicators,
                              Path outputDir, List<String> commandLine, CheckRunner.Listener listener)
            throws IOException, EvidenceException {
        return run(type, evidence, options, () -> indicators, outputDir, commandLine, listener);
    }

    /**
     * Runs a check whose indicators are still being loaded: the evidence is opened (for an
     * iOS backup: its Manifest indexed) while the supplier's work goes on elsewhere, and the
     * indicators are only waited for when the modules need them.
     */
    public static Outcome run(EvidenceType type, List<Path> evidence, CheckOptions options, Supplier<Indicators> indicatorSupplier,
                              Path outputDir, List<String> commandLine, CheckRunner.Listener listener)
            throws IOException, EvidenceException {
        Instant started = Instant.now();
        dev.vigil.core.evidence.Sqlite.preload();
        List<ArtifactModule> modules = type.modules(options);
        RunResult result;
        Indicators indicators;
        dev.vigil.core.util.Trace.log("check starts");
        try (EvidenceSource source = type.open(evidence, options)) {
            dev.vigil.core.util.Trace.log("evidence open");
            indicators = indicatorSupplier.get();
            dev.vigil.core.util.Trace.log("indicators ready");
            List<RunAnalyzer> analyzers = ModuleRegistry.get().analyzersFor(type.name());
            java.nio.file.Files.createDirectories(outputDir);
            result = new CheckRunner(indicators, options.flags(), options.moduleTimeout())
                    .listener(listener == null ? new CheckRunner.Listener() {} : listener)
                    .spillTo(outputDir)
                    .run(source, modules, analyzers);
            dev.vigil.core.util.Trace.log("modules and analyzers done");
        }
        Map<String, String> classes = new LinkedHashMap<>();
        for (ArtifactModule m : modules) classes.put(m.slug(), m.getClass().getName());
        RunInfo info = new RunInfo("vigil", Version.get(), commandLine, dev.vigil.core.model.Times.iso(started),
                dev.vigil.core.model.Times.iso(Instant.now()), new RunInfo.Target(evidence.size() == 1 ? evidence.get(0).toString() : evidence.toString(), type.name()),
                ResultWriter.iocInfo(indicators), result.inputs(), ResultWriter.moduleInfo(result, classes),
                result.analyzers(), ResultWriter.countByLevel(result.alerts()));
        writeAll(outputDir, result, info);
        dev.vigil.core.util.Trace.log("result folder written");
        return new Outcome(result, info, outputDir);
    }

    /** Writes the result folder and runs the hooks (the HTML report) side by side: they are independent. */
    private static void writeAll(Path dir, RunResult result, RunInfo info) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        List<java.util.concurrent.Callable<Void>> jobs = new ArrayList<>();
        jobs.add(() -> {
            ResultWriter.write(dir, result, info);
            dev.vigil.core.util.Trace.log("result files written");
            return null;
        });
        for (ResultHook h : hooks()) {
            jobs.add(() -> {
                h.written(dir, result, info);
                dev.vigil.core.util.Trace.log(h.getClass().getSimpleName() + " done");
                return null;
            });
        }
        Parallel.all(jobs);
    }

    /**
     * Re-checks the records stored in a result folder against other indicators, without the
     * evidence. Modules that were not ok keep their status; their records (if any) are checked.
     */
    public static Outcome recheck(Path resultsDir, Indicators indicators, List<String> commandLine) throws IOException {
        RunInfo old = ResultWriter.readRunInfo(resultsDir);
        List<ModuleResult> results = new ArrayList<>();
        for (RunInfo.ModuleInfo mi : old.modules()) {
            ArtifactModule m = mi.module() == null ? null : ModuleRegistry.get().module(mi.module()).orElse(null);
            if (m == null) {
                throw new IOException(resultsDir.resolve(ResultWriter.RUN) + ": module " + mi.slug() + " ("
                        + mi.module() + ") is not part of this Vigil version");
            }
            List<Record> records = ResultWriter.readRecords(resultsDir, mi.slug());
            ModuleResult checked = CheckRunner.checked(m, records, mi.warnings() == null ? List.of() : mi.warnings(),
                    mi.artifacts() == null ? List.of() : mi.artifacts(), indicators);
            if (!"ok".equals(mi.status())) {
                checked = new ModuleResult(mi.slug(), "error".equals(mi.status()) ? ModuleStatus.ERROR : ModuleStatus.NOT_FOUND,
                        mi.error(), checked.records(), checked.alerts(), checked.timeline(), checked.warnings(), checked.artifacts());
            }
            results.add(checked);
        }
        List<RunAnalyzer> analyzers = new ArrayList<>();
        for (String a : old.analyzers() == null ? List.<String>of() : old.analyzers()) {
            ModuleRegistry.get().analyzer(a).ifPresent(analyzers::add);
        }
        List<Alert> analyzerAlerts = new CheckRunner(indicators, Map.of(), java.time.Duration.ofMinutes(5))
                .analyze(old.target().type(), results, analyzers);
        RunResult result = new RunResult(old.target().type(), old.target().path(), results, analyzerAlerts, old.analyzers() == null ? List.of() : old.analyzers(), old.inputs());
        Map<String, String> classes = new LinkedHashMap<>();
        for (RunInfo.ModuleInfo mi : old.modules()) classes.put(mi.slug(), mi.module());
        RunInfo info = new RunInfo(old.tool(), Version.get(), commandLine, dev.vigil.core.model.Times.iso(Instant.now()),
                dev.vigil.core.model.Times.iso(Instant.now()), old.target(), ResultWriter.iocInfo(indicators), old.inputs(),
                ResultWriter.moduleInfo(result, classes), result.analyzers(), ResultWriter.countByLevel(result.alerts()));
        return new Outcome(result, info, resultsDir);
    }

    private static final List<ResultHook> HOOKS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Registers something to run after each result folder is written (the HTML report). */
    public static void addHook(ResultHook hook) {
        HOOKS.add(hook);
    }

    public static List<ResultHook> hooks() {
        List<ResultHook> all = new ArrayList<>(HOOKS);
        java.util.ServiceLoader.load(ResultHook.class).forEach(all::add);
        return all;
    }

    /** Progress printing helper for simple front ends. */
    public static CheckRunner.Listener printing(Consumer<String> out) {
        return new CheckRunner.Listener() {
            @Override
            public void finished(ModuleResult r) {
                out.accept(r.slug() + ": " + r.status().json());
            }
        };
    }
}
