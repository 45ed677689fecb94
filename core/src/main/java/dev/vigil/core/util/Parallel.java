package dev.vigil.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs independent jobs (writing result files, rendering the report) on all cores. */
public final class Parallel {
    private Parallel() {}

    /** Runs every job, waits for all, and rethrows the first failure in job order. */
    public static void all(List<? extends Callable<?>> jobs) throws IOException {
        if (jobs.size() == 1) {
            call(jobs.get(0));
            return;
        }
        int threads = Math.max(1, Math.min(jobs.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vigil-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Callable<?> j : jobs) futures.add(pool.submit(j));
            IOException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) first = asIo(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (first != null) throw first;
        } finally {
            pool.shutdown();
        }
    }

    private static void call(Callable<?> job) throws IOException {
        try {
            job.call();
        } catch (Exception e) {
            throw asIo(e);
        }
    }

    private static IOException asIo(Throwable t) {
        if (t instanceof IOException io) return io;
        if (t instanceof UncheckedIOException u) return u.getCause();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        return new IOException(t);
    }
}
