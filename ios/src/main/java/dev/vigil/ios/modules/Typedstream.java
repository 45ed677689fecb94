package dev.vigil.ios.modules;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

/**
 * Extracts the plain string of an {@code NSAttributedString} archived with NSArchiver (the
 * "typedstream" format of {@code message.attributedBody} in sms.db). Since iOS 16 the
 * {@code text} column of many messages is NULL and only this blob holds the text.
 *
 * <p>Only what is needed is decoded: the header, the first {@code NSString} /
 * {@code NSMutableString} object and its length-prefixed UTF-8 bytes. Every offset and length is
 * bounded by the blob; anything unexpected yields null, never an exception.
 */
final class Typedstream {
    /** Longest text accepted from a blob. */
    static final int MAX_STRING = 1 << 20;
    private static final byte[] HEADER = "streamtyped".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NSSTRING = "NSString".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NSMUTABLESTRING = "NSMutableString".getBytes(StandardCharsets.US_ASCII);

    private Typedstream() {}

    /** The archived string, or null when the blob is not a typedstream holding one. */
    static String string(byte[] b) {
        if (b == null || b.length < 16 || b[0] != 0x04 || b[1] != 0x0b || !regionEquals(b, 2, HEADER)) return null;
        int at = indexOf(b, NSSTRING, 13);
        int classEnd = at < 0 ? -1 : at + NSSTRING.length;
        int mut = indexOf(b, NSMUTABLESTRING, 13);
        if (mut >= 0 && (at < 0 || mut < at)) classEnd = mut + NSMUTABLESTRING.length;
        if (classEnd < 0) return null;
        // After the class name come its version and type-encoding bytes, then '+' (the C-string
        // type of the archived bytes), then the length.
        int plus = -1;
        for (int i = classEnd; i < Math.min(b.length, classEnd + 16); i++) {
            if (b[i] == '+') {
                plus = i;
                break;
            }
        }
        if (plus < 0 || plus + 1 >= b.length) return null;
        int p = plus + 1;
        int tag = b[p] & 0xff;
        long len;
        if (tag == 0x81) {
            if (p + 3 > b.length) return null;
            len = (b[p + 1] & 0xff) | ((b[p + 2] & 0xff) << 8);
            p += 3;
        } else if (tag == 0x82) {
            if (p + 5 > b.length) return null;
            len = (b[p + 1] & 0xffL) | ((b[p + 2] & 0xffL) << 8) | ((b[p + 3] & 0xffL) << 16) | ((b[p + 4] & 0xffL) << 24);
            p += 5;
        } else if (tag < 0x80) {
            len = tag;
            p += 1;
        } else {
            return null;
        }
        if (len < 0 || len > MAX_STRING || p + len > b.length) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(b, p, (int) len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean regionEquals(byte[] b, int off, byte[] what) {
        if (off + what.length > b.length) return false;
        for (int i = 0; i < what.length; i++) if (b[off + i] != what[i]) return false;
        return true;
    }

    private static int indexOf(byte[] b, byte[] what, int from) {
        int limit = Math.min(b.length - what.length, 4096); // the class names sit near the start
        for (int i = from; i <= limit; i++) if (regionEquals(b, i, what)) return i;
        return -1;
    }
}
