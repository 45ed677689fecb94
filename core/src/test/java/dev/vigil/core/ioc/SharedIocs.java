package dev.vigil.core.ioc;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Finds the public indicator files (../shared/iocs of the project) by walking up from the working directory. */
final class SharedIocs {
    private SharedIocs() {}

    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path c = p.resolve("shared").resolve("iocs");
            if (Files.isDirectory(c)) return c;
            c = p.resolveSibling("shared").resolve("iocs");
            if (Files.isDirectory(c)) return c;
            p = p.getParent();
        }
        assumeTrue(false, "shared/iocs not found");
        return null;
    }

    static Path file(String rel) {
        return dir().resolve(rel);
    }
}
