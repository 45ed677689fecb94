package dev.vigil.ios.backup;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSSet;
import com.dd.plist.NSString;
import com.dd.plist.UID;
import dev.vigil.core.model.Times;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Safe property-list reading for evidence, and conversion to plain JSON values for records. */
public final class Plists {
    /** Data values longer than this are cut in records (their length is kept). */
    public static final int MAX_DATA_IN_RECORD = 4096;
    /** Deepest nesting converted. */
    public static final int MAX_DEPTH = 64;

    private Plists() {}

    /** True when an XML plist declares entities (XXE / billion laughs): refused outright. */
    public static boolean looksUnsafe(byte[] b) {
        return PlistGuard.declaresEntities(b);
    }

    /** Parses a binary or XML property list, with a clear error for anything else. */
    public static NSObject parse(byte[] b, String what) throws IOException {
        return PlistGuard.parseSafely(b, what);
    }

    /** Parses a property list that must be a dictionary. */
    public static NSDictionary dict(byte[] b, String what) throws IOException {
        if (parse(b, what) instanceof NSDictionary d) return d;
        throw new IOException(what + " is not a dictionary property list");
    }

    /**
     * Converts a plist value to plain JSON values: strings, numbers, booleans, ISO times,
     * lists, maps with sorted keys; data becomes base64 (cut at {@link #MAX_DATA_IN_RECORD}).
     */
    public static Object json(NSObject o) {
        return json(o, 0);
    }

    private static Object json(NSObject o, int depth) {
        if (o == null) return null;
        if (depth > MAX_DEPTH) return "(nested too deep)";
        if (o instanceof NSString s) return s.getContent();
        if (o instanceof NSNumber n) {
            return switch (n.type()) {
                case NSNumber.BOOLEAN -> n.boolValue();
                case NSNumber.INTEGER -> n.longValue();
                default -> n.doubleValue();
            };
        }
        if (o instanceof NSDate d) return Times.iso(d.getDate().toInstant());
        if (o instanceof NSData d) {
            byte[] b = d.bytes();
            if (b.length <= MAX_DATA_IN_RECORD) return Base64.getEncoder().encodeToString(b);
            return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b, MAX_DATA_IN_RECORD)) + "...(" + b.length + " bytes)";
        }
        if (o instanceof NSArray a) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : a.getArray()) l.add(json(x, depth + 1));
            return l;
        }
        if (o instanceof NSSet s) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : s.allObjects()) l.add(json(x, depth + 1));
            return l;
        }
        if (o instanceof NSDictionary d) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : new java.util.TreeSet<>(d.keySet())) m.put(k, json(d.get(k), depth + 1));
            return m;
        }
        if (o instanceof UID u) return "UID:" + java.util.HexFormat.of().formatHex(u.getBytes());
        return o.toString();
    }

    /** A string value of a dictionary, or null. */
    public static String str(NSDictionary d, String key) {
        NSObject o = d == null ? null : d.get(key);
        if (o instanceof NSString s) return s.getContent();
        if (o instanceof NSNumber n) return n.toString();
        return null;
    }

    /** A date value of a dictionary, or null. */
    public static java.time.Instant date(NSDictionary d, String key) {
        NSObject o = d == null ? null : d.get(key);
        return o instanceof NSDate nd ? nd.getDate().toInstant() : null;
    }
}
