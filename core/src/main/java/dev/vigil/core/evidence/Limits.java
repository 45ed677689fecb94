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
}
