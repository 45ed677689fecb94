package dev.vigil.ios.backup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict reader of binary property lists ("bplist00") into plain Java values, used
 * for the hundreds of thousands of MBFile archives of a large Manifest.db where a general
 * plist library is several times slower. Values: {@code Map<String,Object>} (keys must be
 * strings), {@code List}, {@code String}, {@code Long}, {@code Double}, {@code Boolean},
 * {@code byte[]}, {@link Instant}, {@link Uid}, null. Every offset, count and length is
 * bounded by the input; references that loop or nest deeper than {@link #MAX_DEPTH} fail.
 */
final class BinaryPlist {
    static final int MAX_DEPTH = 64;
    /** Most values materialised from one plist (shared references could otherwise explode). */
    static final int MAX_VALUES = 1_000_000;

    /** A keyed-archive reference. */
    record Uid(int index) {}

    private final byte[] b;
    private final int offsetSize, refSize, numObjects, tableOffset;
    private final BitSet visiting;
    private int values;

    private BinaryPlist(byte[] b) throws KeyedArchive.FormatException {
        this.b = b;
        if (b.length < 8 + 32 || b[0] != 'b' || b[1] != 'p' || b[2] != 'l' || b[3] != 'i' || b[4] != 's' || b[5] != 't' || b[6] != '0' || b[7] != '0') {
            throw new KeyedArchive.FormatException("not a binary property list");
        }
        int t = b.length - 32;
        offsetSize = b[t + 6] & 0xff;
        refSize = b[t + 7] & 0xff;
        long n = be(t + 8, 8), top = be(t + 16, 8), table = be(t + 24, 8);
        if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8 || n < 1 || n > b.length || top >= n
                || table < 8 || table + n * offsetSize > t) {
            throw new KeyedArchive.FormatException("corrupt binary property list trailer");
        }
        numObjects = (int) n;
        tableOffset = (int) table;
        visiting = new BitSet(numObjects);
        this.top = (int) top;
    }

    private final int top;

    /** Parses a whole binary plist. */
    static Object parse(byte[] data) throws KeyedArchive.FormatException {
        BinaryPlist p = new BinaryPlist(data);
        return p.object(p.top, 0);
    }

    private long be(int off, int len) throws KeyedArchive.FormatException {
        if (off < 0 || off + len > b.length) throw new KeyedArchive.FormatException("binary property list truncated");
        long v = 0;
        for (int i = 0; i < len; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    private int offsetOf(int ref) throws KeyedArchive.FormatException {
        if (ref < 0 || ref >= numObjects) throw new KeyedArchive.FormatException("binary property list reference out of range");
        long off = be(tableOffset + ref * offsetSize, offsetSize);
        if (off < 8 || off >= tableOffset) throw new KeyedArchive.FormatException("binary property list offset out of range");
        return (int) off;
    }

    private int ref(int off) throws KeyedArchive.FormatException {
        long r = be(off, refSize);
        if (r >= numObjects) throw new KeyedArchive.FormatException("binary property list reference out of range");
        return (int) r;
    }

    private Object object(int ref, int depth) throws KeyedArchive.FormatException {
        if (depth > MAX_DEPTH) throw new KeyedArchive.FormatException("binary property list nested deeper than " + MAX_DEPTH);
        if (visiting.get(ref)) throw new KeyedArchive.FormatException("binary property list reference cycle");
        if (++values > MAX_VALUES) throw new KeyedArchive.FormatException("binary property list has more than " + MAX_VALUES + " values");
        int off = offsetOf(ref);
        int marker = b[off] & 0xff;
        int type = marker >> 4, info = marker & 0xf;
        switch (type) {
            case 0x0:
                return switch (info) {
                    case 0x0 -> null;
                    case 0x8 -> Boolean.FALSE;
                    case 0x9 -> Boolean.TRUE;
                    default -> throw new KeyedArchive.FormatException("unknown binary property list marker " + marker);
                };
            case 0x1: {
                int len = 1 << info;
                if (len > 16) throw new KeyedArchive.FormatException("bad integer size");
                if (len == 16) return be(off + 9, 8); // 128-bit: keep the low 64 bits
                return be(off + 1, len); // 1, 2, 4 bytes are unsigned; 8 bytes two's complement
            }
            case 0x2: {
                if (info == 2) return (double) Float.intBitsToFloat((int) be(off + 1, 4));
                if (info == 3) return Double.longBitsToDouble(be(off + 1, 8));
                throw new KeyedArchive.FormatException("bad real size");
            }
            case 0x3: {
                double secs = Double.longBitsToDouble(be(off + 1, 8));
                if (Double.isNaN(secs) || Math.abs(secs) > 1e11) return null;
                return Instant.ofEpochMilli(Math.round(secs * 1000) + 978_307_200_000L);
            }
            case 0x4: {
                int[] lo = length(off, info);
                return Arrays.copyOfRange(b, lo[1], lo[1] + lo[0]);
            }
            case 0x5: {
                int[] lo = length(off, info);
                return new String(b, lo[1], lo[0], StandardCharsets.ISO_8859_1);
            }
            case 0x6: {
                int[] lo = length(off, info, 2);
                return new String(b, lo[1], lo[0] * 2, StandardCharsets.UTF_16BE);
            }
            case 0x8: {
                long v = be(off + 1, info + 1);
                if (v > Integer.MAX_VALUE) throw new KeyedArchive.FormatException("keyed archive reference too large");
                return new Uid((int) v);
            }
            case 0xA, 0xC: {
                int[] lo = length(off, info, refSize);
                List<Object> l = new ArrayList<>(Math.min(lo[0], 1024));
                visiting.set(ref);
                try {
                    for (int i = 0; i < lo[0]; i++) l.add(object(ref(lo[1] + i * refSize), depth + 1));
                } finally {
                    visiting.clear(ref);
                }
                return l;
            }
            case 0xD: {
                int[] lo = length(off, info, 2 * refSize);
                Map<String, Object> m = new LinkedHashMap<>();
                visiting.set(ref);
                try {
                    for (int i = 0; i < lo[0]; i++) {
                        Object k = object(ref(lo[1] + i * refSize), depth + 1);
                        if (!(k instanceof String key)) throw new KeyedArchive.FormatException("binary property list dictionary key is not a string");
                        m.put(key, object(ref(lo[1] + (lo[0] + i) * refSize), depth + 1));
                    }
                } finally {
                    visiting.clear(ref);
                }
                return m;
            }
            default:
                throw new KeyedArchive.FormatException("unknown binary property list marker " + marker);
        }
    }

    private int[] length(int off, int info) throws KeyedArchive.FormatException {
        return length(off, info, 1);
    }

    /** {count, start of content}; the content (count * unit bytes) must lie before the offset table. */
    private int[] length(int off, int info, int unit) throws KeyedArchive.FormatException {
        long count = info;
        int start = off + 1;
        if (info == 0xf) {
            int m = b[off + 1] & 0xff;
            if (m >> 4 != 0x1) throw new KeyedArchive.FormatException("bad length in binary property list");
            int len = 1 << (m & 0xf);
            if (len > 8) throw new KeyedArchive.FormatException("bad length in binary property list");
            count = be(off + 2, len);
            start = off + 2 + len;
        }
        if (count < 0 || start + count * unit > tableOffset) throw new KeyedArchive.FormatException("binary property list length out of range");
        return new int[] {(int) count, start};
    }
}
