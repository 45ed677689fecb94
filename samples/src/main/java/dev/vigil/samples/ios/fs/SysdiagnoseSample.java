package dev.vigil.samples.ios.fs;

import dev.vigil.samples.Sample;

import java.io.IOException;
import java.nio.file.Path;

/** A sysdiagnose .tar.gz with Pegasus process names, delayed shutdowns and a message-parser crash. */
public final class SysdiagnoseSample implements Sample {
    @Override
    public String name() {
        return "ios-sysdiagnose";
    }

    @Override
    public String evidenceType() {
        return "ios-sysdiagnose";
    }

    @Override
    public String description() {
        return "iPhone sysdiagnose (.tar.gz): shutdown logs in three formats with rolexd lingering, Pegasus processes in ps/spindump/taskinfo, "
                + "an IMTranscoderAgent crash";
    }

    @Override
    public Path build(Path dir) throws IOException {
        return SysdiagnoseBuilder.build(dir.resolve(SysdiagnoseBuilder.TOP.replace("/", "") + ".tar.gz"), 0);
    }
}
