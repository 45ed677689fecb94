package dev.vigil.ios.modules;

import dev.vigil.core.ioc.Indicator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The indicators the tests and the demo plant are real published ones, not inventions. */
class PlantedIndicatorsTest {
    @Test
    void everyPlantedIndicatorIsInItsPublishedFile() throws Exception {
        for (Indicator i : IosTestSupport.PLANTED) {
            String text = Files.readString(IosTestSupport.shared().resolve("iocs").resolve(i.source()));
            assertThat(text).as(i.value() + " in " + i.source()).contains("[" + i.type().stixKey() + "='" + i.value() + "']");
        }
    }
}
