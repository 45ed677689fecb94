package dev.vigil.core.evidence;

import java.time.Instant;
import java.util.Map;

/**
 * A file inside an evidence source, named by its logical path: the path it had on the
 * phone, relative, with "/" separators and no leading "/" (for an iOS backup,
 * {@code private/var/mobile/Library/SMS/sms.db}; for an AndroidQF folder,
 * {@code packages.json}). Modules only ever see logical paths.
 *
 * @param path       logical path
 * @param size       size in bytes (decrypted size for encrypted backups), -1 when unknown
 * @param modified   last modification time from the container, may be null
 * @param attributes container-specific facts (backup file id and domain, mode, uid, ...)
 */
public record EvidenceFile(String path, long size, Instant modified, Map<String, Object> attributes) {
    public EvidenceFile {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public EvidenceFile(String path, long size, Instant modified) {
        this(path, size, modified, Map.of());
    }

    /** The last path segment. */
    public String name() {
        int s = path.lastIndexOf('/');
        return s < 0 ? path : path.substring(s + 1);
    }
}
