package dev.vigil.core.run;

import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.testing.VisitsModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stuck parser cannot hang a check: a whole {@link Check#run} with a one-second module
 * timeout, over an evidence type whose modules are a healthy one and a test-only module that
 * spins forever ignoring interruption (as a parser looping on a hostile length field would).
 * The check returns, the stuck module is reported as timed out, the healthy one's records and
 * alerts are there, and the results are written.
 */
class ModuleTimeoutEndToEndTest {
    static volatile boolean release;

    /** Spins, ignoring interruption, until the test releases it. */
    public static final class StuckModule implements ArtifactModule {
        @Override
        public String slug() {
            return "stuck_parser";
        }

        @Override
        public String description() {
            return "Test only: a parser that never returns.";
        }

        @Override
        public Set<String> evidenceTypes() {
            return Set.of("test-stuck");
        }

        @Override
        public List<String> paths() {
            return List.of("visits.txt");
        }

        @Override
        public void run(ModuleContext ctx) {
            long spins = 0;
            while (!release) {
                spins++;
                Thread.interrupted(); // swallow interruption, like a careless loop would
                if (spins % 1_000_000 == 0) Thread.onSpinWait();
            }
            ctx.emit(new Record().put("spins", spins));
        }
    }

    /** A folder with visits.txt, checked by the visits module and the stuck one. */
    static final class StuckType implements EvidenceType {
        @Override
        public String name() {
            return "test-stuck";
        }

        @Override
        public String command() {
            return "check-test-stuck";
        }

        @Override
        public String description() {
            return "Test only.";
        }

        @Override
        public boolean detect(Path path) {
            return Files.isRegularFile(path.resolve("visits.txt"));
        }

        @Override
        public List<ArtifactModule> modules(CheckOptions options) {
            return List.of(new StuckModule(), new VisitsModule());
        }

        @Override
        public EvidenceSource open(Path path, CheckOptions options) throws java.io.IOException {
            return new DirectorySource(path, name());
        }
    }

    @TempDir
    Path tmp;

    @AfterEach
    void releaseStuckThread() {
        release = true;
    }

    @Test
    @Timeout(60)
    void aStuckModuleIsAbandonedAtItsDeadlineAndTheCheckCompletes() throws Exception {
        release = false;
        Path ev = Files.createDirectories(tmp.resolve("ev"));
        Files.writeString(ev.resolve("visits.txt"), "https://evil.com/x\nhttps://example.org/\n");
        Indicators iocs = Indicators.of(new Indicator(IndicatorType.DOMAIN, "evil.com", "Test campaign", "test", null));
        Path out = tmp.resolve("out");

        long t0 = System.nanoTime();
        Check.Outcome o = Check.run(new StuckType(), List.of(ev), new CheckOptions().moduleTimeout(Duration.ofSeconds(1)),
                iocs, out, List.of("check-test-stuck"), null);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).isLessThan(Duration.ofSeconds(20));
        Map<String, ModuleResult> bySlug = o.result().modules().stream().collect(Collectors.toMap(ModuleResult::slug, Function.identity()));
        ModuleResult stuck = bySlug.get("stuck_parser");
        assertThat(stuck.status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(stuck.error()).contains("timed out");
        ModuleResult visits = bySlug.get(new VisitsModule().slug());
        assertThat(visits.status()).isEqualTo(ModuleStatus.OK);
        assertThat(visits.records()).hasSize(2);
        assertThat(o.result().alerts()).anySatisfy(a -> assertThat(a.message()).contains("evil.com"));
        assertThat(o.exitStatus()).isEqualTo(3);
        assertThat(Files.readString(out.resolve("run.json"))).contains("stuck_parser").contains("timed out");
        assertThat(out.resolve("alerts.json")).exists();
    }
}
