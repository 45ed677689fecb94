package dev.vigil.core.util;

/**
 * Phase timings on standard error for people tuning Vigil: enabled by the environment
 * variable {@code VIGIL_TRACE=1} (or the system property {@code vigil.trace}). Off by default;
 * never part of a result folder, which must stay deterministic.
 */
public final class Trace {
    private static final boolean ON = "1".equals(System.getenv("VIGIL_TRACE")) || Boolean.getBoolean("vigil.trace");
    private static final long START = System.nanoTime();

    private Trace() {}

    public static boolean on() {
        return ON;
    }

    /** Prints "[trace +1.234 s] thread: what" when tracing is on. */
    public static void log(String what) {
        if (!ON) return;
        System.err.printf("[trace %+8.3f s] %s: %s%n", (System.nanoTime() - START) / 1e9, Thread.currentThread().getName(), what);
    }

    /** Milliseconds since {@code startNanos}, for "took N ms" messages. */
    public static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
