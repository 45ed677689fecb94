package dev.vigil.android;

import dev.vigil.android.modules.Mounts;
import dev.vigil.android.modules.Processes;
import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.CheckRunner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The older AndroidQF text forms: processes.txt ({@code ps -A}) and /proc/mounts lines. */
class TextFormatsTest {
    static ModuleResult run(ArtifactModule m, MemorySource s, Indicators iocs) {
        return new CheckRunner(iocs, Map.of(), Duration.ofMinutes(1)).run(s, List.of(m), List.of()).modules().get(0);
    }

    @Test
    void psOutput() {
        String ps = """
                USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME
                root             1     0 10862324  12080 do_epoll_wait      0 S init
                system        1588   690 17302212 321004 do_epoll_wait      0 S system_server
                u0_a234       6123   690 15033020 101224 do_epoll_wait      0 S com.serv.services:remote
                shell         7001     1   12345   2345 do_sys_poll        0 S bh
                """;
        MemorySource s = new MemorySource("androidqf", "mem", false).put("processes.txt", ps.getBytes(StandardCharsets.UTF_8));
        Indicators iocs = Indicators.of(new Indicator(IndicatorType.PROCESS, "bh", "NSO Group Pegasus", "test", null),
                new Indicator(IndicatorType.APP_ID, "com.serv.services", "NoviSpy", "test", null));
        ModuleResult r = run(new Processes(), s, iocs);
        assertThat(r.records()).hasSize(4);
        assertThat(r.records().get(2).fields()).containsEntry("user", "u0_a234").containsEntry("pid", 6123L).containsEntry("ppid", 690L)
                .containsEntry("proc_name", "com.serv.services:remote");
        assertThat(r.alerts()).extracting(a -> a.matchedIndicator().value()).containsExactly("com.serv.services", "bh");
    }

    @Test
    void procMountsLines() {
        String json = "[\"/dev/block/dm-0 / ext4 ro,seclabel,relatime 0 0\", \"/dev/block/dm-1 /system ext4 rw,seclabel 0 0\","
                + " \"tmpfs /dev tmpfs rw,seclabel,nosuid 0 0\"]";
        MemorySource s = new MemorySource("androidqf", "mem", false).put("mounts.json", json.getBytes(StandardCharsets.UTF_8));
        ModuleResult r = run(new Mounts(), s, Indicators.empty());
        assertThat(r.records()).extracting(x -> x.str("mount_point")).containsExactly("/", "/system", "/dev");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.HIGH);
            assertThat(a.message()).isEqualTo("System partition /system is mounted read-write");
        });
    }
}
