package dev.vigil.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A sample acquisition in a real format with planted public indicators, written by Vigil's
 * own builders. Tests use them, and {@code vigil demo} builds and checks every registered
 * sample (register in {@code META-INF/services/dev.vigil.samples.Sample}).
 */
public interface Sample {
    /** Short name, e.g. "ios-backup-encrypted". */
    String name();

    /** The evidence type that checks it (see {@code dev.vigil.core.run.EvidenceType#name()}). */
    String evidenceType();

    /** One line: what it holds and which indicators are planted. */
    String description();

    /** The password of an encrypted sample, or null. Sample passwords are public test values. */
    default String password() {
        return null;
    }

    /** Writes the sample into {@code dir} (created if needed) and returns the path to check. */
    Path build(Path dir) throws IOException;

    /** Every registered sample, in registration order. */
    static List<Sample> all() {
        return ServiceLoader.load(Sample.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
