package dev.vigil.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds ../shared (public IOC files for tests) by walking up from the working directory. */
final class SharedData {
    private SharedData() {}

    static Path shared() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path s = p.resolveSibling("shared");
            if (Files.isDirectory(s.resolve("iocs"))) return s;
            p = p.getParent();
        }
        throw new IllegalStateException("../shared with iocs/ not found above " + Path.of("").toAbsolutePath());
    }

    static Path pegasus() {
        return shared().resolve("iocs/amnesty-investigations/2021-07-18_nso/pegasus.stix2");
    }
}
