package dev.vigil.core.module;

import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.testing.VisitsModule;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

public class CheckRunnerTest {
    public static final Indicators IOCS = Indicators.of(new Indicator(IndicatorType.DOMAIN, "evil.com", "Test Spyware", "test.stix2", "indicator--1"));

    static final class Broken implements ArtifactModule {
        public String slug() { return "broken"; }
        public String description() { return "throws"; }
        public Set<String> evidenceTypes() { return Set.of("test"); }
        public List<String> paths() { return List.of(); }
        public void run(ModuleContext ctx) { throw new IllegalStateException("bad header in x.db"); }
    }

    static final class Deep implements ArtifactModule {
        public String slug() { return "deep"; }
        public String description() { return "recurses forever, like a naive parser on a cyclic plist"; }
        public Set<String> evidenceTypes() { return Set.of("test"); }
        public List<String> paths() { return List.of(); }
        public void run(ModuleContext ctx) { recurse(0); }
        private int recurse(int n) { return recurse(n + 1) + 1; }
    }

    static final class Stuck implements ArtifactModule {
        public String slug() { return "stuck"; }
        public String description() { return "never ends"; }
        public Set<String> evidenceTypes() { return Set.of("test"); }
        public List<String> paths() { return List.of(); }
        public void run(ModuleContext ctx) throws Exception {
            while (true) {
                ctx.emit(Record.of("x", 1));
                Thread.sleep(5);
            }
        }
    }

    /** Spins without ever looking at its interrupt flag, like a parser in an endless loop. */
    static final class Spinning implements ArtifactModule {
        static volatile boolean stop;
        public String slug() { return "spinning"; }
        public String description() { return "ignores interruption"; }
        public Set<String> evidenceTypes() { return Set.of("test"); }
        public List<String> paths() { return List.of(); }
        public void run(ModuleContext ctx) {
            long x = 0;
            while (!stop) x++;
            if (x == 42) throw new IllegalStateException();
        }
    }

    static final class Missing implements ArtifactModule {
        public String slug() { return "missing"; }
        public String description() { return "its file is absent"; }
        public Set<String> evidenceTypes() { return Set.of("test"); }
        public List<String> paths() { return List.of("nothing/here.db"); }
        public void run(ModuleContext ctx) throws Exception { ctx.require("nothing/here.db"); }
    }

    private static MemorySource source() {
        return new MemorySource("test", "mem", false)
                .put("visits.txt", "https://good.org/\nhttp://a.b.evil.com/x?y\nhttps://notevil.com/\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void failuresStayWithTheirModuleAndTheOthersGoOn() {
        RunResult r = new CheckRunner(IOCS, Map.of(), Duration.ofSeconds(2))
                .run(source(), List.of(new Broken(), new Deep(), new Stuck(), new Missing(), new VisitsModule()), List.of());
        assertThat(r.modules()).extracting(ModuleResult::slug).containsExactly("broken", "deep", "stuck", "missing", "visits");
        assertThat(r.modules()).extracting(ModuleResult::status).containsExactly(
                ModuleStatus.ERROR, ModuleStatus.ERROR, ModuleStatus.ERROR, ModuleStatus.NOT_FOUND, ModuleStatus.OK);
        assertThat(r.modules().get(0).error()).isEqualTo("bad header in x.db (IllegalStateException)");
        assertThat(r.modules().get(1).error()).isEqualTo("nesting too deep in this artifact");
        assertThat(r.modules().get(2).error()).startsWith("timed out after 2 s");
        assertThat(r.modules().get(3).error()).isEqualTo("no nothing/here.db");

        ModuleResult visits = r.modules().get(4);
        assertThat(visits.records()).hasSize(3);
        assertThat(visits.artifacts()).containsExactly("visits.txt");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.CRITICAL);
            assertThat(a.module()).isEqualTo("visits");
            assertThat(a.message()).contains("Test Spyware").contains("subdomain of evil.com");
            assertThat(a.matchedIndicator().value()).isEqualTo("evil.com");
            assertThat(a.eventTime()).isEqualTo("2023-01-01T00:00:00Z");
            assertThat(a.why()).isNotBlank();
            assertThat(a.caveat()).isNotBlank();
        });
        assertThat(r.timeline()).hasSize(3);
        assertThat(r.hasSerious()).isTrue();
    }

    @Test
    void modulesThatIgnoreInterruptionDoNotStarveTheOthers() {
        // Two spinning modules occupy both worker slots of a 2-core machine; they are abandoned at
        // their deadline and the remaining modules still run.
        try {
            RunResult r = new CheckRunner(IOCS, Map.of(), Duration.ofSeconds(1))
                    .run(source(), List.of(new Spinning(), new Spinning(), new Missing(), new VisitsModule()), List.of());
            assertThat(r.modules()).extracting(ModuleResult::status).containsExactly(
                    ModuleStatus.ERROR, ModuleStatus.ERROR, ModuleStatus.NOT_FOUND, ModuleStatus.OK);
            assertThat(r.alerts()).hasSize(1);
        } finally {
            Spinning.stop = true;
        }
    }

    @Test
    void storedRecordsCanBeRecheckedWithOtherIndicators() {
        RunResult first = new CheckRunner(Indicators.empty(), Map.of(), Duration.ofSeconds(5)).run(source(), List.of(new VisitsModule()), List.of());
        assertThat(first.alerts()).isEmpty();
        ModuleResult again = CheckRunner.checked(new VisitsModule(), first.modules().get(0).records(), List.of(), List.of(), IOCS);
        assertThat(again.alerts()).hasSize(1);
    }
}
