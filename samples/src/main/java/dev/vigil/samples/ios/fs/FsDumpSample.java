package dev.vigil.samples.ios.fs;

import dev.vigil.samples.Sample;

import java.io.IOException;
import java.nio.file.Path;

/** The demo iPhone as a full filesystem dump (.tar under filesystem1/) with Pegasus-like traces. */
public final class FsDumpSample implements Sample {
    @Override
    public String name() {
        return "ios-fs-dump";
    }

    @Override
    public String evidenceType() {
        return "ios-fs";
    }

    @Override
    public String description() {
        return "iPhone filesystem dump (.tar): Pegasus process rolexd under /private/var/db/com.apple.xpc.roleaccountd.staging/, "
                + "delayed shutdowns, Pegasus domains in Cache.db and WebKit data";
    }

    @Override
    public Path build(Path dir) throws IOException {
        return DumpWriter.writeTar(PegasusDump.build(), dir.resolve("ios-fs-dump.tar"), "filesystem1/", false);
    }
}
