package dev.vigil.ios.modules.system;

import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.system.ShortcutsBuilder;
import dev.vigil.samples.ios.system.TccBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShortcutsTest {
    private static byte[] demo() {
        IosFiles fs = new IosFiles();
        ShortcutsBuilder.plantDemo(fs);
        return fs.get(ShortcutsBuilder.PATH);
    }

    @Test
    void parsesShortcutsActionsAndUrls() throws Exception {
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-backup").put(ShortcutsBuilder.PATH, demo()), TestSupport.pegasus(), new Shortcuts());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).hasSize(2);
        Record home = r.records().get(0);
        assertThat(home.fields()).containsEntry("name", "Home").containsEntry("description", "Directions home")
                .containsEntry("timestamp", "2023-01-10T18:05:00Z").containsEntry("created", "2023-01-10T18:00:00Z")
                .containsEntry("action_count", 2L);
        assertThat(home.strings("actions")).containsExactly("is.workflow.actions.getdirections", "is.workflow.actions.openurl");
        assertThat(home.strings("urls")).hasSize(1).allMatch(u -> u.contains("maps.apple.com"));
        Record weather = r.records().get(1);
        assertThat(weather.strings("actions")).hasSize(3);
        assertThat(weather.strings("urls")).singleElement().asString().contains("weather4free.com");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.HIGH);
            assertThat(a.message()).startsWith("URL ").contains("weather4free.com").contains("in shortcut \"Weather\" matches a known indicator of NSO Group Pegasus: weather4free.com");
            assertThat(a.caveat()).contains("weaker evidence than a process trace");
        });
    }

    @Test
    void badActionsBlobIsAWarningNotAFailure() throws Exception {
        byte[] db = dev.vigil.samples.ios.system.SqliteFile.build(c -> {
            dev.vigil.samples.ios.system.SqliteFile.exec(c, "CREATE TABLE ZSHORTCUT (Z_PK INTEGER PRIMARY KEY, ZNAME VARCHAR, ZCREATIONDATE TIMESTAMP);"
                    + "CREATE TABLE ZSHORTCUTACTIONS (Z_PK INTEGER PRIMARY KEY, ZSHORTCUT INTEGER, ZDATA BLOB)");
            dev.vigil.samples.ios.system.SqliteFile.insert(c, "INSERT INTO ZSHORTCUT VALUES (1, 'Old', 600000000)");
            dev.vigil.samples.ios.system.SqliteFile.insert(c, "INSERT INTO ZSHORTCUTACTIONS VALUES (1, 1, ?)", (Object) "bplist00garbage".getBytes());
        });
        ModuleResult r = TestSupport.runOne(TestSupport.source("ios-fs").put(ShortcutsBuilder.PATH, db), TestSupport.pegasus(), new Shortcuts());
        assertThat(r.status()).isEqualTo(ModuleStatus.OK);
        assertThat(r.records()).singleElement().satisfies(x -> {
            assertThat(x.str("name")).isEqualTo("Old");
            assertThat(x.str("timestamp")).isEqualTo(dev.vigil.core.model.Times.iso(Instant.ofEpochSecond(600000000L + 978307200L)));
            assertThat(x.get("modified")).isNull();
            assertThat(x.strings("actions")).isEmpty();
        });
        assertThat(r.warnings()).singleElement().asString().contains("actions of shortcut 1");
    }

    @Test
    void truncatedDatabaseFailsAloneWhileTccGoesOn() throws Exception {
        IosFiles fs = new IosFiles();
        TccBuilder.plantDemo(fs);
        var src = TestSupport.source("ios-backup").put(ShortcutsBuilder.PATH, Arrays.copyOf(demo(), 4096 + 100))
                .put(TccBuilder.PATH, fs.get(TccBuilder.PATH));
        RunResult run = TestSupport.run(src, TestSupport.pegasus(), List.of(new Shortcuts(), new Tcc()), List.of());
        assertThat(run.modules().get(0).status()).isEqualTo(ModuleStatus.ERROR);
        assertThat(run.modules().get(0).error()).contains("Shortcuts.sqlite");
        assertThat(run.modules().get(1).status()).isEqualTo(ModuleStatus.OK);
        assertThat(run.modules().get(1).alerts()).hasSize(1);
    }
}
