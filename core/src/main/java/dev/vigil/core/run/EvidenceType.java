package dev.vigil.core.run;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.module.ArtifactModule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A kind of evidence Vigil can check (iOS backup, filesystem dump, sysdiagnose, bugreport,
 * AndroidQF, adb backup, network capture). Each evidence module registers its types in
 * {@code META-INF/services/dev.vigil.core.run.EvidenceType}; front ends find them through
 * {@link EvidenceTypes}, so the CLI and the web app pick up new kinds without change.
 */
public interface EvidenceType {
    /** Short name written to run.json, e.g. "ios-backup". */
    String name();

    /** The CLI command that checks it, e.g. "check-backup". */
    String command();

    /** One line for users. */
    String description();

    /**
     * A cheap look at a path (a few file names, a magic number) answering whether it is this
     * kind of evidence. Must not read much, and must never throw on odd input.
     */
    boolean detect(Path path);

    /** Opens the evidence read-only. Secrets (passwords, keys) come from the options. */
    EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException;

    /**
     * The modules to run on this evidence, new instances. By default every registered
     * module that lists this type in {@link ArtifactModule#evidenceTypes()}.
     */
    default List<ArtifactModule> modules(CheckOptions options) {
        return dev.vigil.core.module.ModuleRegistry.get().modulesFor(name());
    }

    /** Options this type understands beyond the common ones (see {@link CheckOption}). */
    default List<CheckOption> options() {
        return List.of();
    }

    /**
     * True when the evidence may be encrypted with a password: front ends then offer the
     * password through the environment ({@code VIGIL_BACKUP_PASSWORD}), a file or a prompt,
     * never a command-line argument.
     */
    default boolean usesPassword() {
        return false;
    }

    /** True when the command takes several paths at once (network captures and logs). */
    default boolean multipleInputs() {
        return false;
    }

    /** Opens several inputs as one evidence source; by default only one is accepted. */
    default EvidenceSource open(List<Path> paths, CheckOptions options) throws IOException, EvidenceException {
        if (paths.size() != 1) throw new EvidenceException(command() + " takes exactly one path");
        return open(paths.get(0), options);
    }
}
