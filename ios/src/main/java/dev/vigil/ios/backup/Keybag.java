package dev.vigil.ios.backup;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The BackupKeyBag of an encrypted backup's Manifest.plist: a sequence of TLV items (4-byte
 * ASCII tag, 4-byte big-endian length, value). The header (VERS, TYPE, UUID, HMCK, WRAP, SALT,
 * ITER, and since iOS 10.2 DPWT, DPIC, DPSL) describes the key derivation; each class key
 * follows as UUID, CLAS, WRAP, KTYP, WPKY. Class keys whose WRAP has bit 2 set are wrapped
 * (RFC 3394) with the key derived from the backup password.
 *
 * <p>Derivation (iOS 10.2+): {@code PBKDF2-HMAC-SHA256(password, DPSL, DPIC, 32)} then
 * {@code PBKDF2-HMAC-SHA1(that, SALT, ITER, 32)}; older keybags without DPSL use only the
 * second stage over the password bytes.
 */
public final class Keybag {
    /** WRAP bit: the class key is wrapped with the password-derived key. */
    public static final int WRAP_PASSCODE = 2;
    /** Bounds on what a hostile keybag may ask for. */
    static final int MAX_ITEMS = 4096;
    static final long MAX_DPIC = 100_000_000L;
    static final long MAX_ITER = 100_000_000L;

    /** One class key entry, still wrapped. */
    public record ClassKey(int protectionClass, int wrap, int keyType, byte[] uuid, byte[] wrappedKey) {}

    private final Map<String, byte[]> header = new LinkedHashMap<>();
    private final Map<Integer, ClassKey> classes = new TreeMap<>();

    private Keybag() {}

    /** Parses a keybag; malformed input fails with a clear {@link IllegalArgumentException}. */
    public static Keybag parse(byte[] data) {
        if (data == null || data.length < 8) throw new IllegalArgumentException("the backup keybag is empty or truncated");
        Keybag kb = new Keybag();
        ByteBuffer b = ByteBuffer.wrap(data);
        Map<String, byte[]> current = null;
        int items = 0;
        while (b.remaining() >= 8) {
            if (++items > MAX_ITEMS) throw new IllegalArgumentException("the backup keybag has too many items");
            byte[] tagBytes = new byte[4];
            b.get(tagBytes);
            String tag = new String(tagBytes, StandardCharsets.US_ASCII);
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) throw new IllegalArgumentException("the backup keybag is truncated at tag " + printable(tag));
            byte[] value = new byte[len];
            b.get(value);
            if (tag.equals("UUID")) {
                if (current == null && !kb.header.containsKey("UUID")) {
                    kb.header.put("UUID", value);
                    continue;
                }
                if (current != null) kb.addClass(current);
                current = new LinkedHashMap<>();
                current.put("UUID", value);
            } else if (current != null) {
                current.put(tag, value);
            } else {
                kb.header.put(tag, value);
            }
        }
        if (current != null) kb.addClass(current);
        if (!kb.header.containsKey("SALT") || !kb.header.containsKey("ITER")) {
            throw new IllegalArgumentException("the backup keybag has no SALT/ITER: not a backup keybag");
        }
        return kb;
    }

    private void addClass(Map<String, byte[]> m) {
        if (!m.containsKey("CLAS") || !m.containsKey("WPKY")) return;
        int clas = intOf(m.get("CLAS"));
        classes.put(clas, new ClassKey(clas, m.containsKey("WRAP") ? intOf(m.get("WRAP")) : 0,
                m.containsKey("KTYP") ? intOf(m.get("KTYP")) : 0, m.get("UUID"), m.get("WPKY")));
    }

    private static int intOf(byte[] v) {
        if (v.length == 0 || v.length > 8) throw new IllegalArgumentException("bad integer of " + v.length + " bytes in the backup keybag");
        long x = 0;
        for (byte b : v) x = (x << 8) | (b & 0xff);
        if (x > Integer.MAX_VALUE) throw new IllegalArgumentException("integer out of range in the backup keybag");
        return (int) x;
    }

    private static String printable(String tag) {
        return tag.replaceAll("[^A-Za-z0-9]", "?");
    }

    public int version() {
        byte[] v = header.get("VERS");
        return v == null ? 0 : intOf(v);
    }

    public int type() {
        byte[] v = header.get("TYPE");
        return v == null ? -1 : intOf(v);
    }

    public String uuid() {
        byte[] v = header.get("UUID");
        return v == null ? null : HexFormat.of().formatHex(v);
    }

    public int iterations() {
        return intOf(header.get("ITER"));
    }

    /** DPIC, or 0 for keybags without the first (SHA-256) stage. */
    public int dpIterations() {
        byte[] v = header.get("DPIC");
        return v == null ? 0 : intOf(v);
    }

    public byte[] salt() {
        return header.get("SALT").clone();
    }

    public byte[] dpSalt() {
        byte[] v = header.get("DPSL");
        return v == null ? null : v.clone();
    }

    /** The class keys, by protection class. */
    public Map<Integer, ClassKey> classes() {
        return Collections.unmodifiableMap(classes);
    }

    /**
     * Derives the key that unwraps the class keys. The password is encoded as UTF-8; the
     * intermediate bytes are wiped. The caller wipes the result.
     */
    public byte[] deriveKey(char[] password) {
        long iter = Integer.toUnsignedLong(iterations());
        long dpic = Integer.toUnsignedLong(dpIterations());
        if (iter < 1 || iter > MAX_ITER) throw new IllegalArgumentException("the backup keybag asks for " + iter + " iterations");
        if (dpic > MAX_DPIC) throw new IllegalArgumentException("the backup keybag asks for " + dpic + " iterations");
        byte[] pw = utf8(password);
        try {
            byte[] dpsl = header.get("DPSL");
            if (dpsl != null && dpic > 0) {
                byte[] first = Pbkdf2.derive("HmacSHA256", pw, dpsl, (int) dpic, 32);
                try {
                    return Pbkdf2.derive("HmacSHA1", first, header.get("SALT"), (int) iter, 32);
                } finally {
                    Arrays.fill(first, (byte) 0);
                }
            }
            return Pbkdf2.derive("HmacSHA1", pw, header.get("SALT"), (int) iter, 32);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    /**
     * Unwraps the class keys with a derived key.
     *
     * @throws AesKeyWrap.IntegrityException when the key (so the password) is wrong
     */
    public Map<Integer, byte[]> unlock(byte[] derivedKey) throws AesKeyWrap.IntegrityException {
        Map<Integer, byte[]> out = new TreeMap<>();
        List<Integer> failedOthers = new ArrayList<>();
        int passcodeWrapped = 0;
        for (ClassKey ck : classes.values()) {
            if ((ck.wrap() & WRAP_PASSCODE) == 0) {
                failedOthers.add(ck.protectionClass()); // device-wrapped: not in backups
                continue;
            }
            passcodeWrapped++;
            try {
                out.put(ck.protectionClass(), AesKeyWrap.unwrap(derivedKey, ck.wrappedKey()));
            } catch (AesKeyWrap.IntegrityException e) {
                for (byte[] k : out.values()) Arrays.fill(k, (byte) 0);
                throw e;
            }
        }
        if (passcodeWrapped == 0) throw new AesKeyWrap.IntegrityException("the backup keybag holds no password-wrapped class key");
        return out;
    }

    static byte[] utf8(char[] password) {
        CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            ByteBuffer bb = enc.encode(CharBuffer.wrap(password));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            if (bb.hasArray()) Arrays.fill(bb.array(), (byte) 0);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode");
        }
    }
}
