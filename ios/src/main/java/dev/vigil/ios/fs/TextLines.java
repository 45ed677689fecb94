package dev.vigil.ios.fs;

import dev.vigil.core.evidence.Limits;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads text evidence line by line with bounds: a line longer than {@link Limits#MAX_LINE}
 * is cut (and counted), and reading stops after {@code maxLines}. Bytes that are not UTF-8
 * become U+FFFD; nothing is ever held whole in memory.
 */
public final class TextLines {
    public interface Visitor {
        void line(String line, long number) throws IOException;
    }

    /** What was read. */
    public record Stats(long lines, long cut, boolean stopped) {}

    private TextLines() {}

    public static Stats read(InputStream raw, long maxLines, Visitor v) throws IOException {
        InputStream in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 1 << 16);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long n = 0, cut = 0;
        boolean overflow = false;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                if (n >= maxLines) return new Stats(n, cut, true);
                v.line(decode(line), ++n);
                line.reset();
                overflow = false;
                continue;
            }
            if (line.size() < Limits.MAX_LINE) line.write(b);
            else if (!overflow) {
                overflow = true;
                cut++;
            }
        }
        if (line.size() > 0 && n < maxLines) v.line(decode(line), ++n);
        return new Stats(n, cut, false);
    }

    private static String decode(ByteArrayOutputStream b) {
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
