package dev.vigil.ios.fs;

import dev.vigil.core.evidence.ZipSource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.RunResult;
import dev.vigil.ios.Runs;
import dev.vigil.ios.modules.fs.CacheFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real Safari Cache.db (with its -wal) of the public iLEAPP test image "mvs_ios_2023". */
class RealCacheDbTest {
    @Test
    void realSafariCache() throws Exception {
        Path zip = Runs.shared().resolve("samples/ileapp/testdata.safariCache.safariCache.mvs_ios_2023.zip");
        Indicators ind = Indicators.of(new Indicator(IndicatorType.DOMAIN, "configuration.apple.com", "Test", "test", null));
        try (ZipSource src = new ZipSource(zip, "ios-fs")) {
            RunResult r = Runs.run(src, ind, Map.of(), List.of(new CacheFiles()));
            ModuleResult m = Runs.result(r, "cache_files");
            assertThat(m.records()).hasSize(EXPECTED);
            assertThat(m.records().get(0).str("url")).isEqualTo("https://configuration.apple.com/configurations/internetservices/safari/AutoFillQuirks-1.plist");
            assertThat(m.records().get(0).str("timestamp")).isEqualTo("2022-11-21T20:22:02Z");
            assertThat(m.alerts()).isNotEmpty();
        }
    }

    static final int EXPECTED = 1;
}
