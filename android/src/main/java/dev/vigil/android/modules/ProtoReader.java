package dev.vigil.android.modules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal, bounded reader of the protobuf wire format (varints, 64-bit, length-delimited,
 * 32-bit fields), enough to pull the few fields Vigil needs out of tombstone.proto
 * messages. Written here rather than depending on protobuf-java because Vigil needs a
 * dozen scalar fields from one schema, not generated classes: every length is checked
 * against the remaining bytes and nesting is bounded, so a hostile file yields a clear
 * error instead of an allocation or a loop.
 */
public final class ProtoReader {
    /** One field: its number, wire type, and either a varint/fixed value or a byte range. */
    public record Field(int number, int wireType, long value, byte[] data, int offset, int length) {
        public String string() {
            return new String(data, offset, length, StandardCharsets.UTF_8);
        }

        public List<Field> message(int depth) throws IOException {
            return parse(data, offset, length, depth + 1);
        }
    }

    static final int MAX_DEPTH = 32;
    static final int MAX_FIELDS = 1_000_000;

    private ProtoReader() {}

    public static List<Field> parse(byte[] data) throws IOException {
        return parse(data, 0, data.length, 0);
    }

    static List<Field> parse(byte[] d, int off, int len, int depth) throws IOException {
        if (depth > MAX_DEPTH) throw new IOException("protobuf nested deeper than " + MAX_DEPTH);
        List<Field> out = new ArrayList<>();
        int p = off, end = off + len;
        while (p < end) {
            long[] v = varint(d, p, end);
            p = (int) v[1];
            long key = v[0];
            int number = (int) (key >>> 3), wt = (int) (key & 7);
            if (number <= 0) throw new IOException("invalid protobuf field number at byte " + p);
            switch (wt) {
                case 0 -> {
                    long[] x = varint(d, p, end);
                    out.add(new Field(number, wt, x[0], d, p, 0));
                    p = (int) x[1];
                }
                case 1 -> {
                    if (end - p < 8) throw new IOException("truncated protobuf fixed64 field " + number);
                    long x = 0;
                    for (int i = 7; i >= 0; i--) x = (x << 8) | (d[p + i] & 0xff);
                    out.add(new Field(number, wt, x, d, p, 8));
                    p += 8;
                }
                case 2 -> {
                    long[] l = varint(d, p, end);
                    p = (int) l[1];
                    if (l[0] < 0 || l[0] > end - p) throw new IOException("protobuf length " + l[0] + " of field " + number + " runs past the data");
                    out.add(new Field(number, wt, 0, d, p, (int) l[0]));
                    p += (int) l[0];
                }
                case 5 -> {
                    if (end - p < 4) throw new IOException("truncated protobuf fixed32 field " + number);
                    long x = (d[p] & 0xff) | (d[p + 1] & 0xff) << 8 | (d[p + 2] & 0xff) << 16 | (long) (d[p + 3] & 0xff) << 24;
                    out.add(new Field(number, wt, x, d, p, 4));
                    p += 4;
                }
                default -> throw new IOException("unsupported protobuf wire type " + wt + " (field " + number + ")");
            }
            if (out.size() > MAX_FIELDS) throw new IOException("too many protobuf fields");
        }
        return out;
    }

    private static long[] varint(byte[] d, int p, int end) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= end) throw new IOException("truncated protobuf varint");
            int b = d[p++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return new long[] {v, p};
        }
        throw new IOException("protobuf varint longer than 10 bytes");
    }
}
