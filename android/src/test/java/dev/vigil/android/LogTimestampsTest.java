package dev.vigil.android;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.samples.android.AndroidQfBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LogTimestampsTest {
    @Test
    void logFilesAreOnTheTimelineAndCheckedAgainstFileIndicators(@TempDir Path dir) throws Exception {
        Path aqf = AndroidQfBuilder.folder(dir.resolve("aqf"), AndroidQfBuilder.Options.full());
        Path anr = aqf.resolve("logs/data/anr/anr_2024-03-05-10-00-00-123");
        Path implant = aqf.resolve("logs/data/local/tmp/wd/boot.log"); // under Predator's /data/local/tmp/wd/
        Files.createDirectories(anr.getParent());
        Files.createDirectories(implant.getParent());
        Files.writeString(anr, "----- pid 1234 at 2024-03-05 10:00:00 -----\n");
        Files.writeString(implant, "started\n");
        Files.setLastModifiedTime(anr, FileTime.from(Instant.parse("2024-03-05T10:00:00Z")));
        Files.setLastModifiedTime(implant, FileTime.from(Instant.parse("2024-03-05T10:02:00Z")));

        Indicators iocs = Indicators.of(new Indicator(IndicatorType.FILE_PATH, "/data/local/tmp/wd/", "Predator", "cytrox.stix2", null));
        RunResult r = Runs.run(new AndroidQfType(), aqf, new CheckOptions(), iocs);
        ModuleResult logs = Runs.module(r, "aqf_log_timestamps");
        assertThat(logs.status()).isEqualTo(ModuleStatus.OK);
        // The sample's own ANR trace plus the two planted here, in path order.
        assertThat(logs.records()).hasSize(3).extracting(x -> x.str("timestamp") + " " + x.str("path") + " " + x.str("size"))
                .containsSubsequence("2024-03-05T10:00:00Z /data/anr/anr_2024-03-05-10-00-00-123 44",
                        "2024-03-05T10:02:00Z /data/local/tmp/wd/boot.log 8");
        assertThat(logs.records().get(1).str("path")).isEqualTo("/data/anr/anr_2024-11-19-13-01-05-555");
        assertThat(logs.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.CRITICAL);
            assertThat(a.message()).contains("/data/local/tmp/wd/boot.log").contains("Predator");
        });
        assertThat(logs.timeline()).extracting(e -> e.event()).containsOnly("log_file_modified").hasSize(3);
    }

    @Test
    void anAcquisitionWithoutLogsSaysSo(@TempDir Path dir) throws Exception {
        Path aqf = AndroidQfBuilder.folder(dir.resolve("aqf"), AndroidQfBuilder.Options.full());
        if (Files.exists(aqf.resolve("logs"))) {
            try (var s = Files.walk(aqf.resolve("logs"))) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        RunResult r = Runs.run(new AndroidQfType(), aqf, new CheckOptions(), Indicators.of());
        ModuleResult logs = Runs.module(r, "aqf_log_timestamps");
        assertThat(logs.status()).isEqualTo(ModuleStatus.NOT_FOUND);
        assertThat(logs.error()).isEqualTo("no logs/ folder in the acquisition");
    }
}
