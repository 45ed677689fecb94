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
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an NSKeyedArchiver property list (the MBFile blobs of Manifest.db and many other
 * Apple files) into plain Java values: {@code Map<String,Object>} for archived objects and
 * dictionaries (with the class name under {@code $class}), {@code List} for arrays and sets,
 * {@code byte[]} for NSData, {@code String}, {@code Long}/{@code Double}/{@code Boolean},
 * {@link Instant} for NSDate. Object references ($objects indexes) are resolved with guards:
 * a reference cycle, a nesting deeper than {@link #MAX_DEPTH} or more than
 * {@link #MAX_NODES} resolved values fail with a clear error (evidence is hostile). Binary
 * archives are read by {@link BinaryPlist}; XML ones through dd-plist.
 */
public final class KeyedArchive {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NODES = 100_000;

    private final List<Object> objects;
    private final BitSet visiting;
    private int nodes;

    private KeyedArchive(List<Object> objects) {
        this.objects = objects;
        this.visiting = new BitSet(objects.size());
    }

    /** Thrown for anything that is not a well-formed keyed archive. */
    public static final class FormatException extends Exception {
        public FormatException(String message) {
            super(message);
        }
    }

    /** Parses and decodes the root object of an archive given as bytes (binary or XML plist). */
    public static Object decode(byte[] plist) throws FormatException {
        Object root;
        if (plist.length >= 8 && plist[0] == 'b' && plist[1] == 'p' && plist[6] == '0' && plist[7] == '0') {
            root = BinaryPlist.parse(plist); // Vigil's own bounded reader (depth, cycles, value budget)
        } else {
            if (Plists.looksUnsafe(plist)) throw new FormatException("property list declares XML entities: refused");
            try {
                root = plain(PlistGuard.parse(plist), 0);
            } catch (FormatException e) {
                throw e;
            } catch (Exception | StackOverflowError e) {
                throw new FormatException("not a property list: " + e.getMessage());
            }
        }
        return decodeRoot(root);
    }

    /** Decodes the {@code root} of an already parsed archive. */
    public static Object decode(NSObject archive) throws FormatException {
        return decodeRoot(plain(archive, 0));
    }

    private static Object decodeRoot(Object archive) throws FormatException {
        if (!(archive instanceof Map<?, ?> d)) throw new FormatException("a keyed archive must be a dictionary");
        if (!(d.get("$objects") instanceof List<?> objs)) throw new FormatException("a keyed archive needs $objects");
        if (!(d.get("$top") instanceof Map<?, ?> top)) throw new FormatException("a keyed archive needs $top");
        Object rootRef = top.get("root");
        if (rootRef == null && !top.isEmpty()) rootRef = top.values().iterator().next();
        if (rootRef == null) throw new FormatException("a keyed archive needs a $top root");
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) objs;
        return new KeyedArchive(list).value(rootRef, 0);
    }

    /** dd-plist values to plain values (UIDs become {@link BinaryPlist.Uid}). */
    private static Object plain(NSObject o, int depth) throws FormatException {
        if (depth > MAX_DEPTH) throw new FormatException("property list nested deeper than " + MAX_DEPTH);
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
        if (o instanceof UID uid) {
            byte[] b = uid.getBytes();
            if (b.length > 4) throw new FormatException("keyed archive reference too large");
            long x = 0;
            for (byte v : b) x = (x << 8) | (v & 0xff);
            if (x > Integer.MAX_VALUE) throw new FormatException("keyed archive reference too large");
            return new BinaryPlist.Uid((int) x);
        }
        if (o instanceof NSArray a) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : a.getArray()) l.add(plain(x, depth + 1));
            return l;
        }
        if (o instanceof NSSet s) {
            List<Object> l = new ArrayList<>();
            for (NSObject x : s.allObjects()) l.add(plain(x, depth + 1));
            return l;
        }
        if (o instanceof NSDictionary d) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : d.allKeys()) m.put(k, plain(d.get(k), depth + 1));
            return m;
        }
        throw new FormatException("unexpected " + o.getClass().getSimpleName() + " in property list");
    }

    private Object value(Object o, int depth) throws FormatException {
        if (depth > MAX_DEPTH) throw new FormatException("keyed archive nested deeper than " + MAX_DEPTH);
        if (++nodes > MAX_NODES) throw new FormatException("keyed archive has more than " + MAX_NODES + " values");
        if (o instanceof BinaryPlist.Uid uid) return resolve(uid.index(), depth + 1);
        return inline(o, depth);
    }

    private Object resolve(int index, int depth) throws FormatException {
        if (index < 0 || index >= objects.size()) throw new FormatException("keyed archive reference " + index + " out of range");
        if (visiting.get(index)) throw new FormatException("keyed archive reference cycle at object " + index);
        visiting.set(index);
        try {
            Object o = objects.get(index);
            if ("$null".equals(o)) return null;
            return inline(o, depth);
        } finally {
            visiting.clear(index);
        }
    }

    private Object inline(Object o, int depth) throws FormatException {
        if (depth > MAX_DEPTH) throw new FormatException("keyed archive nested deeper than " + MAX_DEPTH);
        if (o instanceof BinaryPlist.Uid uid) return resolve(uid.index(), depth + 1);
        if (o instanceof List<?> a) {
            List<Object> l = new ArrayList<>(a.size());
            for (Object x : a) l.add(value(x, depth + 1));
            return l;
        }
        if (o instanceof Map<?, ?> d) return object(d, depth);
        return o;
    }

    private Object object(Map<?, ?> d, int depth) throws FormatException {
        String cls = className(d.get("$class"));
        if (d.get("NS.keys") instanceof List<?> k && d.get("NS.objects") instanceof List<?> v) {
            if (k.size() != v.size()) throw new FormatException("keyed archive dictionary with " + k.size() + " keys and " + v.size() + " values");
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < k.size(); i++) {
                Object key = value(k.get(i), depth + 1);
                m.put(String.valueOf(key), value(v.get(i), depth + 1));
            }
            return m;
        }
        if (d.get("NS.objects") instanceof List<?> vals) {
            List<Object> l = new ArrayList<>(vals.size());
            for (Object x : vals) l.add(value(x, depth + 1));
            return l;
        }
        if (d.containsKey("NS.data")) return value(d.get("NS.data"), depth + 1);
        if (d.containsKey("NS.string")) return value(d.get("NS.string"), depth + 1);
        if (d.get("NS.time") instanceof Number t) {
            double secs = t.doubleValue();
            if (Double.isNaN(secs) || Math.abs(secs) > 1e11) return null;
            return Instant.ofEpochMilli(Math.round(secs * 1000) + 978_307_200_000L);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (cls != null) m.put("$class", cls);
        for (var e : d.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.equals("$class")) continue;
            m.put(key, value(e.getValue(), depth + 1));
        }
        return m;
    }

    private String className(Object ref) throws FormatException {
        if (!(ref instanceof BinaryPlist.Uid uid)) return null;
        int i = uid.index();
        if (i < 0 || i >= objects.size()) throw new FormatException("keyed archive class reference " + i + " out of range");
        if (objects.get(i) instanceof Map<?, ?> c && c.get("$classname") instanceof String name) return name;
        return null;
    }
}
