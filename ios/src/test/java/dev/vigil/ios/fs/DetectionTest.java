package dev.vigil.ios.fs;

import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.ios.sysdiagnose.SysdiagnoseType;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.fs.DumpWriter;
import dev.vigil.samples.ios.fs.PegasusDump;
import dev.vigil.samples.ios.fs.SysdiagnoseBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectionTest {
    @TempDir
    Path tmp;

    @Test
    void backupIsNotADumpAndSaysWhichCommandToUse() throws Exception {
        Path b = Files.createDirectories(tmp.resolve("00008030-001A2B3C4D5E6F70"));
        Files.write(b.resolve("Manifest.db"), new byte[100]);
        Files.write(b.resolve("Manifest.plist"), new byte[10]);
        Files.write(b.resolve("Info.plist"), new byte[10]);
        assertThat(new IosFsType().detect(b)).isFalse();
        assertThat(DumpLayout.inspect(tmp).kind()).isEqualTo(DumpLayout.Kind.BACKUP);
        assertThatThrownBy(() -> new IosFsType().open(b, new CheckOptions())).isInstanceOf(EvidenceException.class).hasMessageContaining("check-backup");
        assertThatThrownBy(() -> new SysdiagnoseType().open(b, new CheckOptions())).hasMessageContaining("check-backup");
    }

    @Test
    void sysdiagnoseAndDumpPointToEachOther() throws Exception {
        Path sd = SysdiagnoseBuilder.build(tmp.resolve("sysdiagnose.tar.gz"), 0);
        assertThat(new SysdiagnoseType().detect(sd)).isTrue();
        assertThat(new IosFsType().detect(sd)).isFalse();
        assertThatThrownBy(() -> new IosFsType().open(sd, new CheckOptions())).hasMessageContaining("check-sysdiagnose");
        IosFiles fs = new IosFiles();
        PegasusDump.plant(fs);
        Path dump = DumpWriter.writeTar(fs, tmp.resolve("d.tar"), "", false);
        assertThat(new SysdiagnoseType().detect(dump)).isFalse();
        assertThatThrownBy(() -> new SysdiagnoseType().open(dump, new CheckOptions())).hasMessageContaining("check-fs");
    }

    @Test
    void prefixesAreFoundAndVarMapsToPrivateVar() {
        assertThat(DumpLayout.fromNames(tmp, DumpLayout.Container.TAR, List.of("dump/", "dump/System/Library/x", "dump/private/var/mobile/y")).prefix()).isEqualTo("dump/");
        DumpLayout var = DumpLayout.fromNames(tmp, DumpLayout.Container.TAR, List.of("var/mobile/Library/SMS/sms.db"));
        assertThat(var.kind()).isEqualTo(DumpLayout.Kind.FS);
        assertThat(var.renamer().apply("var/mobile/Library/SMS/sms.db")).isEqualTo("private/var/mobile/Library/SMS/sms.db");
        assertThat(DumpLayout.fromNames(tmp, DumpLayout.Container.TAR, List.of("photos/a.jpg")).kind()).isEqualTo(DumpLayout.Kind.UNKNOWN);
    }

    @Test
    void oddInputsAreUnknownNeverThrow() throws Exception {
        Path junk = Files.write(tmp.resolve("junk.bin"), new byte[] {1, 2, 3});
        assertThat(new IosFsType().detect(junk)).isFalse();
        assertThat(new IosFsType().detect(tmp.resolve("missing"))).isFalse();
        assertThatThrownBy(() -> new IosFsType().open(junk, new CheckOptions())).isInstanceOf(EvidenceException.class);
    }
}
