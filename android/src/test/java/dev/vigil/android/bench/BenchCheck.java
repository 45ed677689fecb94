package dev.vigil.android.bench;

import dev.vigil.android.AndroidQfType;
import dev.vigil.android.TestIocs;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark driver (not a test): runs a whole check-androidqf (open, all modules, result
 * folder) exactly as the CLI's check command does through {@link Check#run}, with the public
 * Android indicator sets, and prints the wall time and the peak heap.
 * Usage: BenchCheck ACQUISITION OUTPUT_DIR
 */
public final class BenchCheck {
    private BenchCheck() {}

    public static void main(String[] args) throws Exception {
        Indicators iocs = TestIocs.android();
        final long t0 = System.nanoTime();
        Check.Outcome o = Check.run(new AndroidQfType(), List.of(Path.of(args[0])), new CheckOptions(), iocs, Path.of(args[1]),
                List.of("check-androidqf", args[0]), new dev.vigil.core.module.CheckRunner.Listener() {
                    final java.util.Map<String, Long> start = new java.util.concurrent.ConcurrentHashMap<>();

                    @Override
                    public void started(String slug) {
                        start.put(slug, System.nanoTime());
                    }

                    @Override
                    public void finished(ModuleResult r) {
                        if (System.getenv("BENCH_VERBOSE") != null) {
                            System.out.printf("  %-26s %6.2f s (ends at %5.2f s) %d records%n", r.slug(), (System.nanoTime() - start.get(r.slug())) / 1e9,
                                    (System.nanoTime() - t0) / 1e9, r.records().size());
                        }
                    }
                });
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  (modules and result folder written at %.2f s)%n", s);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        long records = o.result().modules().stream().mapToLong(m -> m.records().size()).sum();
        System.out.printf("check-androidqf: %.2f s, %d records, %d alerts, peak heap (sum of pool peaks) %.0f MiB, max heap %d MiB%n",
                s, records, o.result().alerts().size(), peak / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        for (ModuleResult m : o.result().modules()) {
            if (m.error() != null) System.out.println("  " + m.slug() + ": " + m.status() + " " + m.error());
        }
    }
}
