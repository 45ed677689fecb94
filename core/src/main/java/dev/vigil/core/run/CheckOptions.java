package dev.vigil.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Options of one check: module flags ("fast", "hashes", ...), files (key file, age
 * identity), and a supplier of the backup password, asked only when it is needed. The
 * password is a char array so callers can wipe it; it is never logged or written.
 */
public final class CheckOptions {
    private final Map<String, String> flags = new HashMap<>();
    private final Map<String, Path> files = new HashMap<>();
    private Supplier<char[]> password = () -> null;
    private Duration moduleTimeout = Duration.ofMinutes(30);

    public CheckOptions flag(String name, String value) {
        if (value != null) flags.put(name, value);
        return this;
    }

    public CheckOptions flag(String name, boolean on) {
        if (on) flags.put(name, "true");
        return this;
    }

    public Map<String, String> flags() {
        return Map.copyOf(flags);
    }

    public String flag(String name) {
        return flags.get(name);
    }

    public CheckOptions file(String name, Path path) {
        if (path != null) files.put(name, path);
        return this;
    }

    public Path file(String name) {
        return files.get(name);
    }

    public CheckOptions password(Supplier<char[]> supplier) {
        this.password = supplier;
        return this;
    }

    /** The password, asked for now (prompt, environment or file); null when none is available. */
    public char[] password() {
        return password.get();
    }

    public CheckOptions moduleTimeout(Duration d) {
        this.moduleTimeout = d;
        return this;
    }

    public Duration moduleTimeout() {
        return moduleTimeout;
    }
}
