package dev.vigil.samples.ios;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A virtual iPhone filesystem: files by logical path (as on the phone, relative, e.g.
 * {@code private/var/mobile/Library/SMS/sms.db}). Artifact builders put files in it; writers
 * serialise it as an iTunes backup (plain or encrypted), a filesystem dump folder, a tar or a
 * zip, so the same planted content can be checked through every kind of iOS evidence.
 */
public final class IosFiles {
    /** One file. {@code mode} is the POSIX mode (0100644 for a regular file). */
    public record Entry(String path, byte[] data, Instant modified, int mode) {}

    /** The default time stamp of sample files: fixed, so samples are reproducible. */
    public static final Instant DEFAULT_TIME = Instant.parse("2023-06-01T10:00:00Z");

    private final Map<String, Entry> entries = new TreeMap<>();

    public IosFiles put(String path, byte[] data) {
        return put(path, data, DEFAULT_TIME);
    }

    public IosFiles put(String path, String text) {
        return put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public IosFiles put(String path, byte[] data, Instant modified) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        entries.put(p, new Entry(p, data, modified, 0100644));
        return this;
    }

    public byte[] get(String path) {
        Entry e = entries.get(path);
        return e == null ? null : e.data();
    }

    /** All files, sorted by path. */
    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }
}
