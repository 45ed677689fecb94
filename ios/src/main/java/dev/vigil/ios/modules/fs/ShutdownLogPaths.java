package dev.vigil.ios.modules.fs;

import java.util.List;

/** Where shutdown logs live, in a filesystem dump and in a sysdiagnose (iOS 26 rotates them as shutdown.N.log). */
public final class ShutdownLogPaths {
    public static final List<String> PATHS = List.of(
            "private/var/db/diagnostics/shutdown.log",
            "private/var/db/diagnostics/shutdown.*.log",
            "system_logs.logarchive/Extra/shutdown.log",
            "system_logs.logarchive/Extra/shutdown.*.log");

    private ShutdownLogPaths() {}
}
