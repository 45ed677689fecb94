package dev.vigil.core.evidence;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The chain-of-custody log of a run: the SHA-256 of every input file read, written into
 * run.json and checked again by {@code vigil verify}. Thread-safe.
 */
public final class Custody {
    /** One input file: its path as the user named it (or inside the evidence), size and hash. */
    @JsonPropertyOrder({"path", "size", "sha256"})
    public record Entry(String path, long size, String sha256) {}

    private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();

    public void record(String path, long size, String sha256) {
        entries.putIfAbsent(path, new Entry(path, size, sha256));
    }

    /** The entry recorded for a path, or null. */
    public Entry entry(String path) {
        return entries.get(path);
    }

    public boolean has(String path) {
        return entries.containsKey(path);
    }

    /** All entries, sorted by path. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** Hashes a file on disk (streaming) and records it under {@code name}. */
    public Entry hashFile(Path file, String name) throws IOException {
        Entry e = entries.get(name);
        if (e != null) return e;
        MessageDigest md = sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                size += n;
            }
        }
        record(name, size, HexFormat.of().formatHex(md.digest()));
        return entries.get(name);
    }

    /**
     * Wraps a stream over the whole of an input file so that it is hashed as it is read; on
     * close the unread rest is read too, so the hash always covers the whole file.
     */
    public InputStream hashing(InputStream in, String name) {
        if (has(name)) return in;
        return new HashingStream(in, name);
    }

    /** Inputs at least this large are hashed on a second thread while they are read. */
    static final long HASH_ASIDE_FROM = 16L << 20;

    /**
     * {@link #hashing(InputStream, String)} for an input of a known size: a large one is hashed
     * on a second thread, so that its reader (say, the copy of a 100 MB Manifest.db that the
     * whole check waits for) does not wait for the hash.
     */
    public InputStream hashing(InputStream in, String name, long size) {
        if (has(name)) return in;
        return new HashingStream(size >= HASH_ASIDE_FROM ? new ParallelDigestStream(in) : in, name);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hashes what is read: itself, or, over a {@link ParallelDigestStream}, on that stream's thread. */
    private final class HashingStream extends FilterInputStream {
        private final ParallelDigestStream aside;
        private final MessageDigest md;
        private final String name;
        private long size;
        private boolean closed;

        HashingStream(InputStream in, String name) {
            super(in);
            this.aside = in instanceof ParallelDigestStream p ? p : null;
            this.md = aside == null ? sha256() : null;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                if (md != null) md.update((byte) b);
                size++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                if (md != null) md.update(b, off, n);
                size += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return Limits.skipByReading(this, n); // read, so that it is hashed
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            try {
                byte[] buf = new byte[1 << 16];
                while (read(buf, 0, buf.length) > 0) {
                    // drain so that the hash covers the whole file
                }
                String sha = md != null ? HexFormat.of().formatHex(md.digest()) : aside.finish();
                if (sha == null) throw new IOException(name + ": could not be hashed");
                record(name, size, sha);
            } finally {
                super.close();
            }
        }
    }
}
