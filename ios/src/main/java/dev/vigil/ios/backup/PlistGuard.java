package dev.vigil.ios.backup;

import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;

import java.io.IOException;

/**
 * Parses property lists with dd-plist after checking the counts a binary plist declares.
 * dd-plist allocates an array of the declared length before reading its elements, so a
 * 400-byte binary plist whose array claims two billion entries exhausts the heap (found by
 * fuzzing). Here every object's declared length must fit in the bytes actually there, and
 * the object count and offset table must fit in the file, before dd-plist sees it.
 *
 * <p>Binary plist layout (Apple's CFBinaryPList.c): "bplist0?" header, objects, offset
 * table, 32-byte trailer (offset int size, object ref size, object count, top object, offset
 * table offset). An object starts with a marker byte: high nibble the type, low nibble the
 * length, or 0xF followed by an integer object holding the length.
 */
public final class PlistGuard {
    private PlistGuard() {}

    /**
     * The one safe way Vigil parses a property list from evidence: refuses XML that declares
     * entities (XXE, billion laughs; also in UTF-16), checks a binary plist's declared counts
     * with {@link #check(byte[])}, and turns every parser failure, deep nesting included,
     * into one IOException naming {@code what}.
     */
    public static NSObject parseSafely(byte[] data, String what) throws IOException {
        if (data == null || data.length == 0) throw new IOException(what + " is empty");
        if (declaresEntities(data)) throw new IOException(what + " declares XML entities: refused");
        NSObject o;
        try {
            o = parse(data);
        } catch (StackOverflowError e) {
            throw new IOException(what + " is not a readable property list (nesting too deep)");
        } catch (Exception e) {
            throw new IOException(what + " is not a readable property list ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        if (o == null) throw new IOException(what + " is not a readable property list");
        return o;
    }

    /**
     * True when the head of an XML plist declares entities, in any case and in UTF-8 or
     * UTF-16 (NUL bytes are skipped). Binary plists never do.
     */
    public static boolean declaresEntities(byte[] b) {
        if (b.length >= 6 && b[0] == 'b' && b[1] == 'p' && b[2] == 'l' && b[3] == 'i' && b[4] == 's' && b[5] == 't') return false;
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < b.length && head.length() < 4096; i++) {
            if (b[i] != 0) head.append((char) Character.toUpperCase(b[i] & 0xff));
        }
        return head.indexOf("<!ENTITY") >= 0;
    }

    /** {@link PropertyListParser#parse(byte[])} after {@link #check(byte[])}. */
    public static NSObject parse(byte[] b) throws Exception {
        check(b);
        return PropertyListParser.parse(b);
    }

    /** Refuses a binary plist whose declared counts or lengths exceed its size; other input passes. */
    public static void check(byte[] b) throws IOException {
        if (b == null || b.length < 8 || b[0] != 'b' || b[1] != 'p' || b[2] != 'l' || b[3] != 'i' || b[4] != 's' || b[5] != 't') return;
        if (b.length < 8 + 32) throw new IOException("binary property list is truncated");
        int t = b.length - 32;
        int offsetSize = b[t + 6] & 0xff;
        int refSize = b[t + 7] & 0xff;
        long count = be(b, t + 8, 8);
        long tableOffset = be(b, t + 24, 8);
        if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8) throw new IOException("binary property list has invalid integer sizes");
        if (count < 0 || tableOffset < 8 || tableOffset > t || count > (t - tableOffset) / offsetSize) {
            throw new IOException("binary property list claims " + Long.toUnsignedString(count) + " objects, more than its "
                    + b.length + " bytes can hold");
        }
        for (long i = 0; i < count; i++) {
            long off = be(b, (int) (tableOffset + i * offsetSize), offsetSize);
            if (off < 8 || off >= t) throw new IOException("binary property list object " + i + " lies outside the file");
            checkObject(b, (int) off, refSize, t);
        }
    }

    private static void checkObject(byte[] b, int off, int refSize, int end) throws IOException {
        int marker = b[off] & 0xff;
        int type = marker >> 4;
        long unit = switch (type) {
            case 0x4, 0x5 -> 1;                 // data, ASCII string
            case 0x6 -> 2;                      // UTF-16 string
            case 0x7 -> 1;                      // UTF-8 string (newer format)
            case 0xA, 0xB, 0xC -> refSize;      // array, ordered set, set
            case 0xD -> 2L * refSize;           // dictionary: keys then values
            default -> 0;
        };
        if (unit == 0) return;
        int pos = off + 1;
        long len = marker & 0xF;
        if (len == 0xF) {
            if (pos >= end) throw new IOException("binary property list object at " + off + " is truncated");
            int intBytes = 1 << (b[pos] & 0x0F);
            if (intBytes > 8 || pos + 1 + intBytes > end) throw new IOException("binary property list object at " + off + " has an invalid length");
            len = be(b, pos + 1, intBytes);
            pos += 1 + intBytes;
        }
        if (len < 0 || len > (end - pos) / unit) {
            throw new IOException("binary property list object at " + off + " claims " + Long.toUnsignedString(len)
                    + " entries, more than the file holds");
        }
    }

    private static long be(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }
}
