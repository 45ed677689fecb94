package dev.vigil.core.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The evidence types on the class path, and detection of a path's type. */
public final class EvidenceTypes {
    private EvidenceTypes() {}

    public static List<EvidenceType> all() {
        return ServiceLoader.load(EvidenceType.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    public static Optional<EvidenceType> byName(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The first type that recognises the path, in registration order. */
    public static Optional<EvidenceType> detect(Path path) {
        for (EvidenceType t : all()) {
            try {
                if (t.detect(path)) return Optional.of(t);
            } catch (RuntimeException e) {
                // a detector must never stop detection
            }
        }
        return Optional.empty();
    }
}
