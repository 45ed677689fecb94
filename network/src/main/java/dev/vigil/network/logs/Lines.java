package dev.vigil.network.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines with a bound on their length: a log line longer than {@link #MAX_LINE}
 * is cut (and counted) instead of filling the memory. LF or CRLF endings; UTF-8.
 */
public final class Lines {
    public static final int MAX_LINE = 1 << 20;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos, lim;
    private byte[] line = new byte[4096];
    private long number;
    private long cut;

    public Lines(InputStream in) {
        this.in = in;
    }

    /** The next line without its ending, or null at the end of the input. */
    public String next() throws IOException {
        int n = 0;
        boolean any = false;
        boolean over = false;
        while (true) {
            if (pos >= lim) {
                lim = in.read(buf, 0, buf.length);
                pos = 0;
                if (lim <= 0) {
                    lim = 0;
                    if (!any) return null;
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < lim && buf[pos] != '\n') pos++;
            int k = pos - start;
            if (!over) {
                int take = Math.min(k, MAX_LINE - n);
                if (n + take > line.length) line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(n + take, line.length * 2)));
                System.arraycopy(buf, start, line, n, take);
                n += take;
                if (take < k) over = true;
            }
            if (pos < lim) {
                pos++; // the newline
                break;
            }
        }
        number++;
        if (over) cut++;
        if (n > 0 && line[n - 1] == '\r') n--;
        return new String(line, 0, n, StandardCharsets.UTF_8);
    }

    /** Number of the line last returned, from 1. */
    public long number() {
        return number;
    }

    /** Lines that were longer than the bound and were cut. */
    public long cut() {
        return cut;
    }

    /** A JSON-lines line parsed as an object, or null when it is not valid JSON or not an object. */
    public static com.fasterxml.jackson.databind.JsonNode jsonObject(String line) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = dev.vigil.core.util.Json.MAPPER.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
