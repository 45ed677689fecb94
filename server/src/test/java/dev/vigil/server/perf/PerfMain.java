package dev.vigil.server.perf;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceTypes;
import dev.vigil.server.CaseService;
import dev.vigil.server.RetroHunt;
import dev.vigil.server.store.CaseStore;
import dev.vigil.server.store.JdbcCaseStore;
import dev.vigil.server.testing.NotesEvidenceType;
import dev.vigil.server.testing.NotesSample;
import dev.vigil.server.web.VigilServer;

import java.io.BufferedWriter;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Performance figures of the web app (run by server/perf/perf.sh, not by the unit tests):
 * <ul>
 *   <li>{@code pages}: page load times while a check runs in the background;</li>
 *   <li>{@code upload SIZE_MB}: a large upload streamed to disk, with the heap sampled throughout;</li>
 *   <li>{@code retro CASES}: retro-hunting that many stored cases against a new indicator set.</li>
 * </ul>
 */
public final class PerfMain {
    private PerfMain() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Path tmp = Files.createTempDirectory("vigil-perf");
        try {
            if (what.equals("pages") || what.equals("all")) pages(tmp.resolve("pages"));
            if (what.equals("upload") || what.equals("all")) upload(tmp.resolve("upload"), args.length > 1 ? Long.parseLong(args[1]) : 2048);
            if (what.equals("retro") || what.equals("all")) retro(tmp.resolve("retro"), args.length > 1 && !what.equals("all") ? Integer.parseInt(args[1]) : 100);
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** A notes file with many lines (a check that takes a few seconds). */
    static Path bigNotes(Path dir, int lines) throws Exception {
        Files.createDirectories(dir);
        Path f = dir.resolve("notes.txt");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write(NotesEvidenceType.MAGIC + "\n");
            for (int i = 0; i < lines; i++) {
                w.write(String.format("2021-07-%02dT%02d:%02d:%02dZ\t+4179%07d\tmessage %d see https://site%d.example/page/%d and https://other.example/%d%n",
                        1 + i % 28, i % 24, i % 60, (i / 60) % 60, i, i, i % 5000, i, i));
            }
            w.write("2021-07-14T10:00:00Z\tunknown\thttps://" + NotesSample.DOMAIN + "/x\n");
        }
        return f;
    }

    record Session(HttpClient http, String base, String cookie, String csrf) {
        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static Session enter(VigilServer server) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url()).GET().build(), HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/")).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        if (!m.find()) throw new IllegalStateException("no csrf");
        return new Session(http, server.base(), cookie, m.group(1));
    }

    static void pages(Path dir) throws Exception {
        try (JdbcCaseStore store = JdbcCaseStore.open("jdbc:sqlite:" + Files.createDirectories(dir).resolve("cases.db"))) {
            VigilServer server = VigilServer.start(new VigilServer.Config(0, dir.resolve("data"), store, NotesSample::indicators));
            try {
                Session s = enter(server);
                CaseService svc = server.service();
                CaseStore.Case c = svc.createCase("perf", null);
                Path notes = bigNotes(dir.resolve("ev"), 150_000);
                CaseStore.Evidence ev = svc.addLocal(c, notes.toString());
                // warm up the pages once
                for (int i = 0; i < 20; i++) {
                    s.get("/");
                    s.get("/cases/" + c.id());
                }
                long t0 = System.nanoTime();
                CaseService.Job job = svc.startCheck(ev, "auto", null);
                List<Long> times = new ArrayList<>();
                while ("running".equals(job.status)) {
                    for (String p : List.of("/", "/cases/" + c.id(), "/jobs/" + job.id)) {
                        long a = System.nanoTime();
                        HttpResponse<String> r = s.get(p);
                        if (r.statusCode() != 200) throw new IllegalStateException(p + " -> " + r.statusCode());
                        times.add(System.nanoTime() - a);
                    }
                }
                long check = (System.nanoTime() - t0) / 1_000_000;
                Collections.sort(times);
                long slow = times.stream().filter(t -> t > 200_000_000L).count();
                System.out.printf("pages: %d page loads while a check of 150,001 records ran for %d ms (%s, %s): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %d over 200 ms; max heap %d MiB%n",
                        times.size(), check, job.status, job.message, times.get(times.size() / 2) / 1e6,
                        times.get((int) (times.size() * 0.95)) / 1e6, times.get((int) (times.size() * 0.99)) / 1e6, times.get(times.size() - 1) / 1e6,
                        slow, Runtime.getRuntime().maxMemory() >> 20);
            } finally {
                server.close();
            }
        }
    }

    static void upload(Path dir, long megabytes) throws Exception {
        try (JdbcCaseStore store = JdbcCaseStore.open("jdbc:sqlite:" + Files.createDirectories(dir).resolve("cases.db"))) {
            VigilServer server = VigilServer.start(new VigilServer.Config(0, dir.resolve("data"), store, NotesSample::indicators));
            try {
                Session s = enter(server);
                CaseStore.Case c = server.service().createCase("upload", null);
                Path big = dir.resolve("big.bin");
                try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                    f.setLength(megabytes << 20);
                    f.seek(0);
                    f.write("not evidence, only bytes".getBytes(StandardCharsets.US_ASCII));
                }
                var mem = ManagementFactory.getMemoryMXBean();
                System.gc();
                long baseline = mem.getHeapMemoryUsage().getUsed();
                AtomicLong peak = new AtomicLong(baseline);
                AtomicBoolean done = new AtomicBoolean();
                Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (!done.get()) {
                        peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                long t0 = System.nanoTime();
                HttpResponse<String> r = s.http().send(HttpRequest.newBuilder(URI.create(s.base() + "/cases/" + c.id() + "/upload?name=big.bin"))
                        .header("Cookie", s.cookie()).header("X-CSRF-Token", s.csrf()).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofFile(big)).build(), HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                done.set(true);
                sampler.join();
                if (r.statusCode() != 200) throw new IllegalStateException("upload: " + r.statusCode() + " " + r.body());
                CaseStore.Evidence ev = store.evidenceOf(c.id()).get(0);
                long stored = Files.size(Path.of(ev.path()));
                System.out.printf("upload: %d MiB in %d ms (%.0f MiB/s), stored %d bytes (%s); heap used: baseline %d MiB, peak %d MiB, max heap %d MiB%n",
                        megabytes, ms, megabytes * 1000.0 / Math.max(1, ms), stored, stored == (megabytes << 20) ? "complete" : "INCOMPLETE",
                        baseline >> 20, peak.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            } finally {
                server.close();
            }
        }
    }

    static void retro(Path dir, int cases) throws Exception {
        try (JdbcCaseStore store = JdbcCaseStore.open("jdbc:sqlite:" + Files.createDirectories(dir).resolve("cases.db"))) {
            CaseService svc = new CaseService(store, dir.resolve("data"), NotesSample::indicators);
            Path notes = bigNotes(dir.resolve("ev"), 2_000);
            long t0 = System.nanoTime();
            for (int i = 0; i < cases; i++) {
                CaseStore.Case c = svc.createCase("case " + i, null);
                CaseStore.Evidence ev = svc.addLocal(c, notes.toString());
                CaseStore.Run run = store.startRun(c.id(), ev.id(), "check", "test-notes", id -> Path.of(c.folder()).resolve("results").resolve(id).toString());
                Check.Outcome o = Check.run(EvidenceTypes.byName("test-notes").orElseThrow(), List.of(notes), new CheckOptions(),
                        NotesSample.indicators(), Path.of(run.resultsDir()), List.of("perf"), null);
                store.finishRun(run.id(), o.result().alerts(), "STRONG", false);
            }
            long setup = (System.nanoTime() - t0) / 1_000_000;
            Indicators later = Indicators.of(new Indicator(IndicatorType.DOMAIN, NotesSample.DOMAIN, "NSO Group Pegasus", "t", "1"),
                    new Indicator(IndicatorType.DOMAIN, "site42.example", "New campaign", "t2", "2"));
            RetroHunt.Summary s = new RetroHunt(store).run(later, null);
            System.out.printf("retro-hunt: %d stored cases (2,001 records each; first checks took %d ms in all): %s%n", cases, setup, s.text());
            svc.close();
        }
    }
}
