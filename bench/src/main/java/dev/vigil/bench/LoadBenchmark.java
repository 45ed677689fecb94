package dev.vigil.bench;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Loading every file in the public indicator folder (16 STIX bundles, 5.3 MiB; the two
 * stalkerware YAML files; the index) and compiling the matcher, warm. Files are parsed in
 * parallel (common fork-join pool), so this uses the machine's cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Threads(1)
public class LoadBenchmark {
    final Path dir = IocFiles.dir();

    @Benchmark
    public Indicators loadAll() throws IOException {
        Indicators i = Indicators.of(IocLoader.load(dir));
        if (i.size() < 7000) throw new IllegalStateException("only " + i.size() + " indicators");
        return i;
    }
}
