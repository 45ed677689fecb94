package dev.vigil.core.testing;

import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A test evidence type: a folder holding visits.txt. Registered only on test class paths. */
public final class TestEvidenceType implements EvidenceType {
    public static final String NAME = "test-visits";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String command() {
        return "check-test-visits";
    }

    @Override
    public String description() {
        return "A folder with visits.txt (test only).";
    }

    @Override
    public boolean detect(Path path) {
        return Files.isRegularFile(path.resolve("visits.txt"));
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        if (!detect(path)) throw new EvidenceException(path + " has no visits.txt");
        return new DirectorySource(path, NAME);
    }
}
