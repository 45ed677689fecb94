package dev.vigil.core.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Bounds applied to everything read from evidence, which may have been shaped by an attacker. */
public final class Limits {
    /** Largest database or plist read into memory. */
    public static final long MAX_IN_MEMORY = 1L << 30;
    /** Largest single text line kept (longer lines are cut and reported). */
    public static final int MAX_LINE = 1 << 20;
    /** Deepest nesting accepted in plists, JSON and protobuf. */
    public static final int MAX_DEPTH = 256;

    private Limits() {}

    /** Reads a stream fully, failing with a clear message past {@code max} bytes. */
    /**
     * Fills {@code b} from {@code in} in reads of at most 1 MiB and returns how many bytes were
     * read (fewer at end of stream). One read of a whole 80 MB array would make the JDK's file
     * channel allocate, and cache for the thread, a direct buffer of that size outside the heap.
     */
    public static int readFully(InputStream in, byte[] b) throws IOException {
        return readFully(in, b, 0, b.length);
    }

    /** {@link #readFully(InputStream, byte[])} into {@code b[off, off + len)}. */
    public static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, Math.min(1 << 20, len - n));
            if (r < 0) break;
            n += r;
        }
        return n;
    }

    public static byte[] readBounded(InputStream in, long max, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) throw new IOException(what + " is larger than the limit of " + max + " bytes");
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Skips by reading through {@code in}'s own read (for a stream that must see every byte, such
     * as one that hashes what passes through it). Returns the number of bytes skipped.
     */
    static long skipByReading(InputStream in, long n) throws IOException {
        byte[] buf = new byte[(int) Math.max(0, Math.min(n, 1 << 16))];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(left, buf.length));
            if (r < 0) break;
            left -= r;
        }
        return n - left;
    }
}
