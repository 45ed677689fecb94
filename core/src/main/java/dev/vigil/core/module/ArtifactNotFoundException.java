package dev.vigil.core.module;

/** The artifact a module reads is not in this evidence: status {@code not_found}, not an error. */
public class ArtifactNotFoundException extends Exception {
    public ArtifactNotFoundException(String message) {
        super(message);
    }
}
