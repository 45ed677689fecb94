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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes an NSKeyedArchiver property list (the MBFile blobs of Manifest.db and many other
 * Apple files) into plain Java values: {@code Map<String,Object>} for archived objects and
 * dictionaries (with the class name under {@code $class}), {@code List} for arrays and sets,
 * {@code byte[]} for NSData, {@code String}, {@code Long}/{@code Double}/{@code Boolean},
 * {@link Instant} for NSDate. Object references ($objects indexes) are resolved with guards:
 * a reference cycle, a nesting deeper than {@link #MAX_DEPTH} or more than
 * {@link #MAX_NODES} resolved values fail with a clear error (evidence is hostile).
 */
public final class KeyedArchive {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NODES = 100_000;

    private final NSObject[] objects;
    private final Set<Integer> visiting = new HashSet<>();
    private int nodes;

    private KeyedArchive(NSObject[] objects) {
        this.objects = objects;
    }

    /** Thrown for anything that is not a well-formed keyed archive. */
    public static final class FormatException extends Exception {
        public FormatException(String message) {
            super(message);
        }
    }

    /** Parses and decodes the root object of an archive given as bytes (binary or XML plist). */
    public static Object decode(byte[] plist) throws FormatException {
        NSObject root;
        try {
            root = PlistGuard.parse(plist);
        } catch (Exception | StackOverflowError e) {
            throw new FormatException("not a property list: " + e.getMessage());
        }
        return decode(root);
    }

    /** Decodes the {@code root} of an already parsed archive. */
    public static Object decode(NSObject archive) throws FormatException {
        if (!(archive instanceof NSDictionary d)) throw new FormatException("a keyed archive must be a dictionary");
        if (!(d.get("$objects") instanceof NSArray objs)) throw new FormatException("a keyed archive needs $objects");
        if (!(d.get("$top") instanceof NSDictionary top)) throw new FormatException("a keyed archive needs $top");
        NSObject rootRef = top.get("root");
        if (rootRef == null && top.count() > 0) rootRef = top.get(top.allKeys()[0]);
        if (rootRef == null) throw new FormatException("a keyed archive needs a $top root");
        KeyedArchive ka = new KeyedArchive(objs.getArray());
        return ka.value(rootRef, 0);
    }

    private Object value(NSObject o, int depth) throws FormatException {
        if (depth > MAX_DEPTH) throw new FormatException("keyed archive nested deeper than " + MAX_DEPTH);
        if (++nodes > MAX_NODES) throw new FormatException("keyed archive has more than " + MAX_NODES + " values");
        if (o instanceof UID uid) return resolve(index(uid), depth + 1);
        return plain(o, depth);
    }

    private Object resolve(int index, int depth) throws FormatException {
        if (index < 0 || index >= objects.length) throw new FormatException("keyed archive reference " + index + " out of range");
        if (!visiting.add(index)) throw new FormatException("keyed archive reference cycle at object " + index);
        try {
            NSObject o = objects[index];
            if (o instanceof NSString s && s.getContent().equals("$null")) return null;
            return plain(o, depth);
        } finally {
            visiting.remove(index);
        }
    }

    private Object plain(NSObject o, int depth) throws FormatException {
        if (depth > MAX_DEPTH) throw new FormatException("keyed archive nested deeper than " + MAX_DEPTH);
        if (o == null) return null;
        if (o instanceof NSString s) return s.getContent();
        if (o instanceof NSNumber n) {
            return switch (n.type()) {
                case NSNumber.BOOLEAN -> n.boolValue();
                case NSNumber.INTEGER -> n.longValue();
                default -> n.doubleValue();
            };
        }
        if (o instanceof NSData d) return d.bytes();
        if (o instanceof NSDate d) return d.getDate().toInstant();
        if (o instanceof UID uid) return resolve(index(uid), depth + 1);
        if (o instanceof NSArray a) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : a.getArray()) l.add(value(x, depth + 1));
            return l;
        }
        if (o instanceof NSSet s) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : s.allObjects()) l.add(value(x, depth + 1));
            return l;
        }
        if (o instanceof NSDictionary d) return object(d, depth);
        throw new FormatException("unexpected " + o.getClass().getSimpleName() + " in keyed archive");
    }

    private Object object(NSDictionary d, int depth) throws FormatException {
        String cls = className(d.get("$class"), depth);
        if (d.containsKey("NS.keys") && d.containsKey("NS.objects")
                && d.get("NS.keys") instanceof NSArray keys && d.get("NS.objects") instanceof NSArray vals) {
            Map<String, Object> m = new LinkedHashMap<>();
            NSObject[] k = keys.getArray(), v = vals.getArray();
            if (k.length != v.length) throw new FormatException("keyed archive dictionary with " + k.length + " keys and " + v.length + " values");
            for (int i = 0; i < k.length; i++) {
                Object key = value(k[i], depth + 1);
                m.put(String.valueOf(key), value(v[i], depth + 1));
            }
            return m;
        }
        if (d.get("NS.objects") instanceof NSArray vals) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : vals.getArray()) l.add(value(x, depth + 1));
            return l;
        }
        if (d.containsKey("NS.data")) return value(d.get("NS.data"), depth + 1);
        if (d.containsKey("NS.string")) return value(d.get("NS.string"), depth + 1);
        if (d.containsKey("NS.bytes") && "NSMutableString".equals(cls)) return value(d.get("NS.bytes"), depth + 1);
        if (d.get("NS.time") instanceof NSNumber t) {
            return Instant.ofEpochMilli(Math.round(t.doubleValue() * 1000) + 978_307_200_000L);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (cls != null) m.put("$class", cls);
        for (String key : d.allKeys()) {
            if (key.equals("$class")) continue;
            m.put(key, value(d.get(key), depth + 1));
        }
        return m;
    }

    private String className(NSObject ref, int depth) throws FormatException {
        if (!(ref instanceof UID uid)) return null;
        int i = index(uid);
        if (i < 0 || i >= objects.length) throw new FormatException("keyed archive class reference " + i + " out of range");
        if (objects[i] instanceof NSDictionary c && c.get("$classname") instanceof NSString name) return name.getContent();
        return null;
    }

    private static int index(UID uid) throws FormatException {
        byte[] b = uid.getBytes();
        if (b.length > 4) throw new FormatException("keyed archive reference too large");
        long x = 0;
        for (byte v : b) x = (x << 8) | (v & 0xff);
        if (x > Integer.MAX_VALUE) throw new FormatException("keyed archive reference too large");
        return (int) x;
    }
}
