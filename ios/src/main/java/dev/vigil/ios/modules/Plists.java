package dev.vigil.ios.modules;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Property lists from evidence, parsed defensively: size-bounded, XML with entity declarations
 * refused (no XXE), nesting overflow and parser failures turned into one clear IOException.
 */
final class Plists {
    /** Largest plist parsed. */
    static final int MAX = 64 << 20;

    private Plists() {}

    static NSObject parse(byte[] data, String what) throws IOException {
        if (data != null && data.length > MAX) throw new IOException(what + " is larger than " + MAX + " bytes");
        return dev.vigil.ios.backup.PlistGuard.parseSafely(data, what);
    }

    static String str(NSObject o) {
        if (o instanceof NSString s) return s.getContent();
        if (o instanceof NSNumber n) return n.toString();
        return null;
    }

    static String str(NSDictionary d, String key) {
        return d == null ? null : str(d.objectForKey(key));
    }

    static Boolean bool(NSDictionary d, String key) {
        return d != null && d.objectForKey(key) instanceof NSNumber n ? n.boolValue() : null;
    }

    /** A number of seconds since 1970 (WebKit WallTime) or an NSDate. */
    static Instant unixTime(NSDictionary d, String key) {
        if (d == null) return null;
        NSObject o = d.objectForKey(key);
        if (o instanceof NSNumber n) return Db.unixAuto(n.doubleValue());
        if (o instanceof NSDate dt) return dt.getDate().toInstant();
        return null;
    }

    static NSDictionary dict(NSObject o) {
        return o instanceof NSDictionary d ? d : null;
    }

    static List<NSObject> array(NSObject o) {
        // dd-plist leaves null elements for binary "null"/fill objects: skip them (List.of threw NPE; fuzz finding)
        if (o instanceof NSArray a) return java.util.Arrays.stream(a.getArray()).filter(java.util.Objects::nonNull).toList();
        return List.of();
    }

    static byte[] data(NSObject o) {
        return o instanceof NSData d ? d.bytes() : null;
    }

    /**
     * The domain strings of a WebKit hash set as encoded in the resource log: an array of
     * dictionaries {origin|domain: string, count}, or plain strings.
     */
    static List<String> domains(NSDictionary d, String... keys) {
        List<String> out = new ArrayList<>();
        if (d == null) return out;
        for (String k : keys) {
            for (NSObject o : array(d.objectForKey(k))) {
                String v = o instanceof NSDictionary e ? (str(e, "origin") != null ? str(e, "origin") : str(e, "domain")) : str(o);
                if (v != null && !out.contains(v) && out.size() < 1000) out.add(v);
            }
        }
        return out;
    }
}
