package dev.vigil.core.ioc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run's indicators come from. STUB: to be completed by the IOC-engine work
 * (bundled snapshot, updated set in the user data folder, --iocs files and folders).
 */
public final class IocSets {
    private IocSets() {}

    /** The bundled snapshot plus the set downloaded by {@code vigil iocs update}. */
    public static Indicators defaults(AllowList allowList) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Only the given files and folders. */
    public static Indicators load(List<Path> filesOrDirs, AllowList allowList) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
