package dev.vigil.ios.modules.system;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSSet;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import dev.vigil.core.evidence.Limits;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Property lists from evidence turned into plain Java values (Map, List, String, Long, Double,
 * Boolean, Instant, byte[]), with the bounds hostile input needs: no external entities in XML
 * plists, a nesting limit, and a limit on the number of values visited (a binary plist can
 * reference one array from many places and expand exponentially).
 */
final class Plists {
    /** Most values visited while converting one plist. */
    static final int MAX_NODES = 1_000_000;

    private Plists() {}

    /** Parses a binary, XML or ASCII plist into plain values; a clear IOException otherwise. */
    static Object parse(byte[] data, String name) throws IOException {
        NSObject root = dev.vigil.ios.backup.PlistGuard.parseSafely(data, name);
        int[] budget = {MAX_NODES};
        return plain(root, 0, budget, name);
    }

    /** Parses a plist whose top level must be a dictionary. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseDict(byte[] data, String name) throws IOException {
        Object o = parse(data, name);
        if (!(o instanceof Map<?, ?> m)) throw new IOException(name + ": top level is not a dictionary");
        return (Map<String, Object>) m;
    }

    /** Largest plist read from evidence. */
    static final long MAX_PLIST_BYTES = 64L << 20;

    /** Reads and parses a dictionary plist of the evidence, recording its use. */
    static Map<String, Object> readDict(dev.vigil.core.module.ModuleContext ctx, dev.vigil.core.evidence.EvidenceFile f) throws IOException {
        byte[] b = ctx.source().readAll(f, MAX_PLIST_BYTES);
        ctx.used(f);
        return parseDict(b, f.path());
    }

    private static Object plain(NSObject o, int depth, int[] budget, String name) throws IOException {
        if (depth > Limits.MAX_DEPTH) throw new IOException(name + ": nesting deeper than " + Limits.MAX_DEPTH);
        if (--budget[0] < 0) throw new IOException(name + ": more than " + MAX_NODES + " values");
        if (o == null) return null;
        if (o instanceof NSDictionary d) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (var e : d.getHashMap().entrySet()) m.put(e.getKey(), plain(e.getValue(), depth + 1, budget, name));
            return m;
        }
        if (o instanceof NSArray a) {
            List<Object> l = new ArrayList<>(Math.min(a.count(), 1024));
            for (NSObject x : a.getArray()) l.add(plain(x, depth + 1, budget, name));
            return l;
        }
        if (o instanceof NSSet s) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : s.allObjects()) l.add(plain(x, depth + 1, budget, name));
            return l;
        }
        if (o instanceof NSString s) return s.getContent();
        if (o instanceof NSNumber n) {
            if (n.isBoolean()) return n.boolValue();
            if (n.isInteger()) return n.longValue();
            return n.doubleValue();
        }
        if (o instanceof NSDate dt) return dt.getDate().toInstant();
        if (o instanceof NSData b) return b.bytes();
        if (o instanceof UID u) {
            byte[] b = u.getBytes();
            long v = 0;
            for (int i = 0; i < Math.min(b.length, 8); i++) v = (v << 8) | (b[i] & 0xff);
            return v;
        }
        return o.toString();
    }

    // ------------------------------------------------------------------ small accessors

    static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof String s ? s : v instanceof Number || v instanceof Boolean ? v.toString() : null;
    }

    static Long num(Map<String, Object> m, String key) {
        return num(m.get(key));
    }

    static Long num(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) return d.longValue();
        if (v instanceof Boolean b) return b ? 1L : 0L;
        return null;
    }

    /** A date stored as NSDate, or as Cocoa seconds (a real or an integer). */
    static Instant cocoaDate(Object v) {
        if (v instanceof Instant i) return i;
        if (v instanceof Number n) return dev.vigil.core.model.Times.cocoa(n.doubleValue());
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dict(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /**
     * Every string inside a plain value (dictionary keys excluded), depth first, stopping at
     * {@code max} strings; strings longer than {@code maxLength} are cut.
     */
    static List<String> strings(Object v, int max, int maxLength) {
        List<String> out = new ArrayList<>();
        collect(v, out, max, maxLength, 0);
        return out;
    }

    private static void collect(Object v, List<String> out, int max, int maxLength, int depth) {
        if (out.size() >= max || depth > Limits.MAX_DEPTH) return;
        if (v instanceof String s) {
            out.add(s.length() > maxLength ? s.substring(0, maxLength) : s);
        } else if (v instanceof Map<?, ?> m) {
            for (Object x : m.values()) collect(x, out, max, maxLength, depth + 1);
        } else if (v instanceof List<?> l) {
            for (Object x : l) collect(x, out, max, maxLength, depth + 1);
        }
    }
}
