package dev.vigil.server;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.report.html.HtmlReport;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;
import dev.vigil.core.run.EvidenceTypes;
import dev.vigil.server.store.CaseStore;
import dev.vigil.server.store.JdbcCaseStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * What the web app does with cases, outside HTTP: keeps uploads in the case folder, detects the
 * evidence type and runs the same {@link Check} as the CLI in the background, follows its
 * progress, and stores the alerts. It never parses evidence itself.
 *
 * <p>Folders: {@code DATA/cases/<case>/evidence/<evidence>/<name>} for uploads and
 * {@code DATA/cases/<case>/results/<run>/} for result folders (with report.html).
 */
public final class CaseService implements AutoCloseable {
    private final JdbcCaseStore store;
    private final Path dataDir;
    private final Supplier<Indicators> indicators;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile Indicators current;

    public CaseService(JdbcCaseStore store, Path dataDir, Supplier<Indicators> indicators) {
        this.store = store;
        this.dataDir = dataDir;
        this.indicators = indicators;
    }

    public JdbcCaseStore store() {
        return store;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The indicators in use, loaded on first need. */
    public synchronized Indicators indicators() {
        if (current == null) current = indicators.get();
        return current;
    }

    /** Loads the indicators again (after {@code vigil iocs update}) and returns them. */
    public synchronized Indicators reloadIndicators() {
        current = indicators.get();
        return current;
    }

    /** Progress of a background check or retro-hunt, polled by the pages. */
    public static final class Job {
        public final String id;
        public final String caseId;
        public final String kind;
        public volatile String runId;
        public volatile int total;
        public final List<String> done = java.util.Collections.synchronizedList(new ArrayList<>());
        public final List<String> running = java.util.Collections.synchronizedList(new ArrayList<>());
        public volatile String status = "running";
        public volatile String message = "";
        final long created = System.nanoTime();

        Job(String id, String caseId, String kind) {
            this.id = id;
            this.caseId = caseId;
            this.kind = kind;
        }

        public Map<String, Object> json() {
            synchronized (done) {
                synchronized (running) {
                    return Map.of("id", id, "status", status, "message", message, "total", total, "done", done.size(),
                            "running", List.copyOf(running), "run", runId == null ? "" : runId, "case", caseId == null ? "" : caseId);
                }
            }
        }
    }

    public Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public List<Job> jobsOf(String caseId) {
        return jobs.values().stream().filter(j -> java.util.Objects.equals(caseId, j.caseId)).sorted(java.util.Comparator.comparing(j -> j.id)).toList();
    }

    public CaseStore.Case createCase(String title, CaseStore.User by) throws IOException {
        CaseStore.Case c = store.createCase(title, by == null ? null : by.id(), id -> dataDir.resolve("cases").resolve(id).toString());
        Files.createDirectories(Path.of(c.folder()));
        return c;
    }

    /** A file name safe to create: letters, digits, dot, dash, underscore; never a path. */
    static String safeName(String name) {
        String n = name == null ? "" : name;
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        n = n.substring(slash + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        while (n.startsWith(".")) n = n.substring(1);
        if (n.length() > 100) n = n.substring(n.length() - 100);
        return n.isEmpty() ? "evidence" : n;
    }

    /**
     * Streams an upload into the case folder (a 1 MiB buffer whatever the size) and records it.
     * A broken upload leaves nothing behind.
     */
    public CaseStore.Evidence upload(CaseStore.Case c, String name, InputStream body) throws IOException {
        String id = JdbcCaseStoreIds.next() + JdbcCaseStoreIds.next().substring(0, 8);
        Path dir = Path.of(c.folder()).resolve("evidence").resolve(id);
        Files.createDirectories(dir);
        Path file = dir.resolve(safeName(name));
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = body.read(buf)) > 0) {
                out.write(buf, 0, n);
                size += n;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
            throw e;
        }
        return store.addEvidence(id, c.id(), safeName(name), file.toString(), true, size);
    }

    /** Records evidence that stays where it is (a folder or file on this computer); read-only. */
    public CaseStore.Evidence addLocal(CaseStore.Case c, String path) throws IOException {
        Path p = Path.of(path.strip()).toAbsolutePath().normalize();
        if (!Files.exists(p)) throw new IOException("no such file or folder: " + p);
        long size = Files.isRegularFile(p) ? Files.size(p) : 0;
        return store.addEvidence(c.id(), p.getFileName() == null ? p.toString() : p.getFileName().toString(), p.toString(), false, size);
    }

    /** The evidence type to use: the one named, or the one detected; a clear error otherwise. */
    public static EvidenceType typeFor(Path evidence, String requested) throws EvidenceException {
        if (requested != null && !requested.isBlank() && !"auto".equals(requested)) {
            return EvidenceTypes.byName(requested).orElseThrow(() -> new EvidenceException("unknown evidence type " + requested));
        }
        return EvidenceTypes.detect(evidence).orElseThrow(() -> new EvidenceException(
                "Vigil does not recognise this evidence; choose its type (known: "
                        + String.join(", ", EvidenceTypes.all().stream().map(EvidenceType::name).toList()) + ")"));
    }

    /**
     * Starts the check of a piece of evidence in the background. The password (for encrypted
     * backups) stays in memory and is wiped when the check ends.
     */
    public Job startCheck(CaseStore.Evidence ev, String requestedType, char[] password) {
        prune();
        String jobId = JdbcCaseStoreIds.next();
        Job job = new Job(jobId, ev.caseId(), "check");
        jobs.put(jobId, job);
        CaseStore.Case c = store.caseById(ev.caseId()).orElseThrow();
        executor.submit(() -> {
            char[] pw = password;
            try {
                Path path = Path.of(ev.path());
                EvidenceType type = typeFor(path, requestedType);
                CheckOptions options = new CheckOptions().moduleTimeout(Duration.ofMinutes(30));
                if (pw != null && pw.length > 0) options.password(() -> pw.clone());
                job.total = type.modules(options).size();
                CaseStore.Run run = store.startRun(c.id(), ev.id(), "check", type.name(),
                        id -> Path.of(c.folder()).resolve("results").resolve(id).toString());
                job.runId = run.id();
                job.message = type.name();
                Indicators iocs = indicators();
                Check.Outcome o = Check.run(type, List.of(path), options, iocs, Path.of(run.resultsDir()),
                        List.of("vigil", "serve", type.command(), ev.name()), new CheckRunner.Listener() {
                            @Override
                            public void started(String slug) {
                                job.running.add(slug);
                            }

                            @Override
                            public void finished(ModuleResult r) {
                                job.running.remove(r.slug());
                                job.done.add(r.slug());
                            }
                        });
                store.finishRun(run.id(), o.result().alerts(), HtmlReport.verdict(o.result().alerts()).name(), false);
                job.message = o.result().alerts().size() + " alerts";
                job.status = "done";
            } catch (EvidenceException e) {
                fail(job, e.getMessage());
            } catch (Exception | OutOfMemoryError e) {
                fail(job, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } finally {
                if (pw != null) Arrays.fill(pw, '\0');
            }
        });
        return job;
    }

    /** Forgets finished jobs beyond the last 500 (their results are in the store). */
    private void prune() {
        List<Job> finished = jobs.values().stream().filter(j -> !"running".equals(j.status)).sorted(java.util.Comparator.comparingLong(j -> j.created)).toList();
        for (int i = 0; i < finished.size() - 500; i++) jobs.remove(finished.get(i).id);
    }

    private void fail(Job job, String message) {
        job.message = message;
        if (job.runId != null) store.failRun(job.runId, message);
        job.status = "failed"; // last: waiting pages and tests see a finished job only once it is stored
    }

    /** Starts a retro-hunt of every stored case in the background, with freshly loaded indicators. */
    public Job startRetroHunt(boolean reload) {
        prune();
        String jobId = JdbcCaseStoreIds.next();
        Job job = new Job(jobId, null, "retro-hunt");
        jobs.put(jobId, job);
        executor.submit(() -> {
            try {
                Indicators iocs = reload ? reloadIndicators() : indicators();
                RetroHunt.Summary s = new RetroHunt(store).run(iocs, p -> {
                    job.total = p.total();
                    job.done.add(p.caseId());
                });
                lastRetroHunt = s;
                job.message = s.text();
                job.status = "done";
            } catch (Exception e) {
                fail(job, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        });
        return job;
    }

    private volatile RetroHunt.Summary lastRetroHunt;

    public Optional<RetroHunt.Summary> lastRetroHunt() {
        return Optional.ofNullable(lastRetroHunt);
    }

    /** Waits for the background work (tests). */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (jobs.values().stream().noneMatch(j -> "running".equals(j.status))) return true;
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Random ids for jobs. */
    static final class JdbcCaseStoreIds {
        private static final java.security.SecureRandom R = new java.security.SecureRandom();

        static String next() {
            byte[] b = new byte[12];
            R.nextBytes(b);
            return java.util.HexFormat.of().formatHex(b);
        }
    }
}
