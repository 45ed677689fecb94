package dev.vigil.core.evidence;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * One acquisition (backup, filesystem dump, archive, bugreport, ...), answering "which files
 * match this logical path or glob" and opening them read-only. Every byte read through
 * {@link #open(EvidenceFile)} is hashed into {@link #custody()}; nothing is ever written back,
 * and nothing decrypted is written to disk.
 *
 * <p>Globs: {@code *} matches within one path segment, {@code **} across segments,
 * {@code ?} one character; matching is case-sensitive, as on the phone.
 */
public interface EvidenceSource extends Closeable {
    /** Short type name written to run.json ("ios-backup", "ios-fs", "android-bugreport", ...). */
    String type();

    /** Where the evidence was read from, as given by the user. */
    String location();

    /** The files whose logical paths match the glob, sorted by path. */
    List<EvidenceFile> find(String glob) throws IOException;

    /** The first match of a glob, or null. */
    default EvidenceFile findOne(String glob) throws IOException {
        List<EvidenceFile> l = find(glob);
        return l.isEmpty() ? null : l.get(0);
    }

    /** Opens a file for reading. The stream is hashed into the custody log when it is closed. */
    InputStream open(EvidenceFile file) throws IOException;

    /**
     * Reads a whole file into memory, refusing files larger than {@code maxBytes}
     * with a clear error (evidence is hostile: size fields lie).
     */
    /**
     * True when {@link #find} is a lookup in an index held in memory, cheap enough to be called
     * again before the modules run (to start the biggest ones first); false when it walks a
     * folder or an archive.
     */
    default boolean indexed() {
        return false;
    }

    default byte[] readAll(EvidenceFile file, long maxBytes) throws IOException {
        if (file.size() > maxBytes) {
            throw new IOException(file.path() + " is " + file.size() + " bytes, over the limit of " + maxBytes);
        }
        try (InputStream in = open(file)) {
            if (file.size() < 0 || file.size() > Integer.MAX_VALUE - 16) return Limits.readBounded(in, maxBytes, file.path());
            // Size known: read straight into an array of that size (no growing copies of a big database).
            byte[] b = new byte[(int) file.size()];
            int n = Limits.readFully(in, b);
            if (n < b.length) return java.util.Arrays.copyOf(b, n); // shorter than listed: what is there
            int more = in.read();
            if (more < 0) return b;
            // longer than listed: read on, within the limit
            java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
            rest.write(b);
            rest.write(more);
            byte[] tail = Limits.readBounded(in, maxBytes - b.length - 1, file.path());
            rest.write(tail);
            return rest.toByteArray();
        }
    }

    /** Visits every file in the source once, in a stable order. */
    void walk(Consumer<EvidenceFile> visitor) throws IOException;

    /** What has been read so far, with hashes. */
    Custody custody();

    /**
     * True when the bytes handed out are decrypted victim data that must never be written to
     * disk (encrypted backups). Helpers such as {@link Sqlite} then keep everything in memory.
     */
    default boolean decrypted() {
        return false;
    }
}
