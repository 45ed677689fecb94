package dev.vigil.android;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.samples.android.AndroidQfBuilder;
import dev.vigil.samples.android.BugreportBuilder;
import dev.vigil.samples.android.DemoAndroid;
import dev.vigil.samples.android.Zips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile or broken artifacts: a clear error for that module, the others go on. */
class CorruptInputTest {
    static final AndroidQfBuilder.Options SMALL = new AndroidQfBuilder.Options(false, null, null, false);

    @Test
    void brokenJsonFilesFailTheirModuleOnly(@TempDir Path dir) throws Exception {
        Path aqf = AndroidQfBuilder.folder(dir.resolve("aqf"), SMALL);
        Files.writeString(aqf.resolve("packages.json"), "[{\"name\": \"com.a\", \"files\": [");
        byte[] files = Files.readAllBytes(aqf.resolve("files.json"));
        Files.write(aqf.resolve("files.json"), Arrays.copyOf(files, files.length / 2));
        Files.writeString(aqf.resolve("root_binaries.json"), "{\"su\": true}");
        Files.writeString(aqf.resolve("processes.json"), "nonsense");
        RunResult r = Runs.run(new AndroidQfType(), aqf, new CheckOptions(), TestIocs.android());
        for (String broken : new String[] {"packages", "files", "root_binaries", "processes"}) {
            assertThat(Runs.module(r, broken).status()).as(broken).isEqualTo(ModuleStatus.ERROR);
            assertThat(Runs.module(r, broken).error()).as(broken).isNotBlank();
        }
        assertThat(Runs.module(r, "files").error()).contains("files.json");
        assertThat(Runs.module(r, "getprop").status()).isEqualTo(ModuleStatus.OK);
        assertThat(Runs.records(r, "dumpsys_packages")).hasSize(5);
        assertThat(Runs.records(r, "mounts")).hasSize(4);
    }

    @Test
    void missingArtifactsAreNotFoundNotEmpty(@TempDir Path dir) throws Exception {
        Path aqf = dir.resolve("aqf");
        Files.createDirectories(aqf);
        Files.writeString(aqf.resolve("getprop.txt"), DemoAndroid.getprop());
        RunResult r = Runs.run(new AndroidQfType(), aqf, new CheckOptions(), TestIocs.android());
        assertThat(Runs.module(r, "getprop").status()).isEqualTo(ModuleStatus.OK);
        for (String slug : new String[] {"packages", "files", "dumpsys_packages", "tombstones", "sms", "apk_signatures", "mounts"}) {
            assertThat(Runs.module(r, slug).status()).as(slug).isEqualTo(ModuleStatus.NOT_FOUND);
        }
        assertThat(Runs.records(r, "getprop")).filteredOn(x -> "ro.build.version.security_patch".equals(x.str("name")))
                .singleElement().satisfies(x -> assertThat(x.str("reference_date_source")).isEqualTo("modification time of getprop.txt"));
    }

    @Test
    void truncatedProtobufTombstoneIsAWarning(@TempDir Path dir) throws Exception {
        Map<String, byte[]> e = new LinkedHashMap<>(BugreportBuilder.entries());
        byte[] pb = e.get("FS/data/tombstones/tombstone_02.pb");
        e.put("FS/data/tombstones/tombstone_02.pb", Arrays.copyOf(pb, pb.length - 5));
        e.put("FS/data/tombstones/tombstone_03.pb", new byte[] {(byte) 0x42, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f});
        Path zip = dir.resolve("b.zip");
        Files.write(zip, Zips.zip(e));
        RunResult r = Runs.run(new BugreportType(), zip, new CheckOptions(), TestIocs.android());
        assertThat(Runs.module(r, "tombstones").status()).isEqualTo(ModuleStatus.OK);
        assertThat(Runs.records(r, "tombstones")).hasSize(2);
        assertThat(Runs.module(r, "tombstones").warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("unreadable tombstone"));
        assertThat(Runs.module(r, "tombstones").warnings().get(1)).contains("runs past the data");
    }

    @Test
    void zipSlipNamesAreRefusedAndBrokenNestedBugreportIsReported(@TempDir Path dir) throws Exception {
        Map<String, byte[]> e = new LinkedHashMap<>(AndroidQfBuilder.entries(SMALL));
        e.put("../../evil.txt", "x".getBytes(StandardCharsets.US_ASCII));
        e.put("bugreport.zip", "PK\3\4 not really a zip".getBytes(StandardCharsets.US_ASCII));
        Path zip = dir.resolve("aqf.zip");
        Files.write(zip, Zips.zip(e));
        try (var s = new AndroidQfType().open(zip, new CheckOptions())) {
            assertThat(s.find("**evil.txt")).isEmpty();
        }
        RunResult r = Runs.run(new AndroidQfType(), zip, new CheckOptions(), TestIocs.android());
        assertThat(Runs.records(r, "dumpsys_packages")).hasSize(5);
        assertThat(Runs.module(r, "dumpsys_packages").warnings()).anySatisfy(w -> assertThat(w).startsWith("bugreport.zip could not be opened"));
        assertThat(Runs.module(r, "tombstones").status()).isEqualTo(ModuleStatus.NOT_FOUND);
    }

    @Test
    void dumpsysSplitterHandlesPrioritiesSeparatorsAndTrailers() throws Exception {
        String text = "Currently running services:\n  package\n" + "-".repeat(79) + "\nDUMP OF SERVICE HIGH package:\nPackages:\n"
                + "-".repeat(79) + "\n  inner line after a dash rule\n--------- 0.1s was the duration of dumpsys package, ending at: 2024-11-20 10:00:00\n"
                + "-".repeat(79) + "\nDUMP OF SERVICE meminfo:\nlots of memory\n" + "-".repeat(79) + "\nDUMP OF SERVICE CRITICAL adb:\nuser_keys=x\n"
                + "------ SYSTEM PROPERTIES (getprop) ------\n[a]: [b]\n------ 0.1s was the duration of 'SYSTEM PROPERTIES' ------\n";
        Dumpsys.Dump d = Dumpsys.split("t.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Set.of("package", "adb", "dumpstate:SYSTEM PROPERTIES"));
        assertThat(d.sections().keySet()).containsExactly("package", "adb", "dumpstate:SYSTEM PROPERTIES");
        assertThat(d.section("package")).isEqualTo("Packages:\n" + "-".repeat(79) + "\n  inner line after a dash rule\n");
        assertThat(d.section("adb")).isEqualTo("user_keys=x\n");
        assertThat(d.section("dumpstate:SYSTEM PROPERTIES")).isEqualTo("[a]: [b]\n");
        assertThat(d.has("meminfo")).isFalse();
    }
}
