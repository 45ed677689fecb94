package dev.vigil.core.ioc;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Normal forms of indicator values and of the values checked against them. Nothing here
 * resolves names or touches the network; nothing uses regular expressions.
 */
final class Normalize {
    private Normalize() {}

    /** The lookup key of a value of the given type, or null when it cannot be one. */
    static String key(IndicatorType type, String value) {
        if (value == null) return null;
        String v = value.strip();
        if (v.isEmpty()) return null;
        return switch (type) {
            case DOMAIN -> {
                // Domain indicators may hold an IP or "host/path"; keep the path part as is.
                int slash = v.indexOf('/');
                if (slash > 0) {
                    String h = host(v.substring(0, slash));
                    yield h == null ? null : h + v.substring(slash);
                }
                String ip = ip(v);
                yield ip != null ? ip : host(v);
            }
            case IPV4, IPV6 -> ip(v);
            case URL -> {
                ParsedUrl u = parseUrl(v);
                yield u == null ? null : u.normalised();
            }
            case FILE_PATH -> path(v);
            case PROCESS, FILE_NAME -> v;
            case FILE_MD5, FILE_SHA1, FILE_SHA256, CERT_MD5, CERT_SHA1, CERT_SHA256 -> hex(v);
            case EMAIL -> {
                String e = v.regionMatches(true, 0, "mailto:", 0, 7) ? v.substring(7) : v;
                yield e.toLowerCase(Locale.ROOT);
            }
            case APP_ID, PROFILE_ID, ANDROID_PROPERTY -> v.toLowerCase(Locale.ROOT);
        };
    }

    /** Lower-case hex without colons or spaces; null when other characters are present. */
    static String hex(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ':' || c == ' ') continue;
            if (hexValue(c) < 0) return null;
            b.append(Character.toLowerCase(c));
        }
        return b.isEmpty() ? null : b.toString();
    }

    /**
     * Canonical device path: leading "/" (evidence logical paths are relative to the device
     * root), no duplicate or trailing "/", and the iOS aliases {@code /var}, {@code /tmp} and
     * {@code /etc} written as their real {@code /private/...} locations.
     */
    static String path(String p) {
        if (isNormalPath(p)) return p; // the common case: nothing to copy
        String s = p.strip();
        if (s.isEmpty()) return null;
        StringBuilder b = new StringBuilder(s.length() + 9);
        if (s.charAt(0) != '/') b.append('/');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' && b.length() > 0 && b.charAt(b.length() - 1) == '/') continue;
            b.append(c);
        }
        while (b.length() > 1 && b.charAt(b.length() - 1) == '/') b.setLength(b.length() - 1);
        String out = b.toString();
        for (String alias : new String[] {"/var", "/tmp", "/etc"}) {
            if (out.startsWith(alias) && (out.length() == alias.length() || out.charAt(alias.length()) == '/')) {
                return (alias.equals("/tmp") ? "/private/var/tmp" : "/private" + alias) + out.substring(alias.length());
            }
        }
        return out;
    }

    /** An absolute path without "//", a trailing "/", surrounding blanks or a /var, /tmp, /etc alias: already normal. */
    private static boolean isNormalPath(String p) {
        int n = p.length();
        if (n < 2 || p.charAt(0) != '/' || p.charAt(n - 1) == '/' || Character.isWhitespace(p.charAt(n - 1))) return false;
        for (int i = 1; i < n; i++) if (p.charAt(i) == '/' && p.charAt(i - 1) == '/') return false;
        return !(p.startsWith("/var") || p.startsWith("/tmp") || p.startsWith("/etc"));
    }

    /**
     * Host name normal form: lower case, no trailing dot, no port, no userinfo, no brackets
     * around IPv6, percent-escapes decoded, internationalised names in their ASCII (punycode)
     * form, IP literals in canonical text. Null when it is not a usable host.
     */
    static String host(String raw) {
        if (raw == null) return null;
        String h = raw.strip();
        int at = h.lastIndexOf('@');
        if (at >= 0) h = h.substring(at + 1);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? ipv6(h.substring(1, close)) : null;
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon); // host:port
        else if (colon >= 0) return ipv6(h); // bare IPv6
        if (h.indexOf('%') >= 0) {
            h = percentDecode(h);
            if (h == null) return null;
        }
        while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (h.isEmpty()) return null;
        boolean ascii = true;
        for (int i = 0; i < h.length(); i++) if (h.charAt(i) >= 0x80) { ascii = false; break; }
        if (!ascii) {
            try {
                // Full-width dots and the like are label separators too (UTS 46).
                h = IDN.toASCII(h.replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.'), IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        h = h.toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) return null;
        }
        if (h.isEmpty()) return null;
        long v4 = ipv4(h, 0, h.length());
        if (v4 >= 0) return ipv4Text(v4);
        if (v4 == -2) return null; // numeric last label but not a valid address
        return h;
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) return null;
                int hi = hexValue(s.charAt(i + 1)), lo = hexValue(s.charAt(i + 2));
                if (hi < 0 || lo < 0) return null;
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** IPV4 or IPV6 when the text is a plain IP literal (dotted quad or IPv6), else null. */
    static IndicatorType ipType(String v) {
        String s = v.strip();
        if (isDottedQuad(s)) return IndicatorType.IPV4;
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        return ipv6(s) != null ? IndicatorType.IPV6 : null;
    }

    static boolean isIpLiteral(String h) {
        return ip(h) != null;
    }

    /** Canonical text of an IPv4 (dotted quad) or IPv6 literal, or null. Never resolves names. */
    static String ip(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (s.isEmpty()) return null;
        if (isDottedQuad(s)) return ipv4Text(dottedQuad(s));
        if (s.indexOf(':') >= 0) return ipv6(s);
        return null;
    }

    /**
     * Value of a dotted quad read as four decimal numbers ("010.1.2.3" is 10.1.2.3, as logs and
     * indicator files mean it; only URL hosts follow the browsers' octal reading). -1 if not one.
     */
    static long dottedQuad(String s) {
        if (!isDottedQuad(s)) return -1;
        long v = 0;
        int part = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') { v = (v << 8) | part; part = 0; }
            else part = part * 10 + (c - '0');
        }
        return (v << 8) | part;
    }

    static String ipv4Text(long v) {
        return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    static boolean isDottedQuad(String s) {
        int parts = 0, digits = 0, value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (digits == 0) return false;
                parts++;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return false;
            } else {
                return false;
            }
        }
        return parts == 3 && digits > 0;
    }

    /**
     * The IPv4 address a URL host stands for, as browsers read it (WHATWG URL "IPv4 parser"):
     * 1 to 4 dot-separated numbers in decimal, octal (leading 0) or hex (0x), the last one
     * filling the remaining bytes, so {@code 0xb0df6f83} and {@code 176.14643075} are
     * 176.223.111.131. Returns the address, -1 when the host is not numeric (a name), or -2
     * when its last label is numeric but the whole is not a valid address. No allocation.
     */
    static long ipv4(CharSequence s, int start, int end) {
        if (start >= end) return -1;
        // Only hosts whose last label is a number are IPv4 hosts.
        int lastDot = end - 1;
        while (lastDot >= start && s.charAt(lastDot) != '.') lastDot--;
        if (!isNumber(s, lastDot + 1, end)) return -1;
        long p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        int count = 0, i = start;
        while (i <= end) {
            int j = i;
            while (j < end && s.charAt(j) != '.') j++;
            if (count == 4) return -2;
            long v = number(s, i, j);
            if (v < 0) return -2;
            switch (count) {
                case 0 -> p0 = v;
                case 1 -> p1 = v;
                case 2 -> p2 = v;
                default -> p3 = v;
            }
            count++;
            i = j + 1;
            if (j == end) break;
        }
        long[] ps = {p0, p1, p2, p3};
        for (int k = 0; k < count - 1; k++) if (ps[k] > 255) return -2;
        long last = ps[count - 1];
        if (last >= (1L << (8 * (5 - count)))) return -2;
        long ip = last;
        for (int k = 0; k < count - 1; k++) ip += ps[k] << (8 * (3 - k));
        return ip;
    }

    private static boolean isNumber(CharSequence s, int start, int end) {
        if (start >= end) return false;
        if (end - start >= 2 && s.charAt(start) == '0' && (s.charAt(start + 1) | 0x20) == 'x') {
            for (int i = start + 2; i < end; i++) if (hexValue(s.charAt(i)) < 0) return false;
            return true;
        }
        for (int i = start; i < end; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** Value of an ASCII hex digit, or -1 (Character.digit would accept other scripts' digits). */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        int l = c | 0x20;
        if (l >= 'a' && l <= 'f') return l - 'a' + 10;
        return -1;
    }

    /** One IPv4 part: decimal, 0-prefixed octal or 0x hex; -1 when invalid or too large. */
    private static long number(CharSequence s, int start, int end) {
        if (start >= end || end - start > 12) return -1;
        int radix = 10;
        if (end - start >= 2 && s.charAt(start) == '0' && (s.charAt(start + 1) | 0x20) == 'x') { radix = 16; start += 2; }
        else if (end - start >= 2 && s.charAt(start) == '0') { radix = 8; start += 1; }
        long v = 0;
        for (int i = start; i < end; i++) {
            int d = hexValue(s.charAt(i));
            if (d < 0 || d >= radix) return -1;
            v = v * radix + d;
        }
        return v > 0xFFFFFFFFL ? -1 : v;
    }

    /**
     * Canonical (RFC 5952: lower case, zeros compressed) text of an IPv6 literal, or null.
     * Accepts an embedded IPv4 tail and drops a zone id ({@code %en0}). An IPv4-mapped
     * address ({@code ::ffff:a.b.c.d}) gives the plain IPv4 text.
     */
    static String ipv6(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        int pct = s.indexOf('%');
        if (pct >= 0) s = s.substring(0, pct);
        if (s.isEmpty() || s.length() > 45 || s.indexOf(':') < 0) return null;
        int[] groups = new int[8];
        int n = 0, gap = -1, i = 0, len = s.length();
        if (s.startsWith("::")) { gap = 0; i = 2; if (len == 2) return "::"; }
        else if (s.charAt(0) == ':') return null;
        while (i < len) {
            int j = i;
            while (j < len && s.charAt(j) != ':') j++;
            String part = s.substring(i, j);
            if (part.indexOf('.') >= 0) {
                if (j != len || n > 6 || !isDottedQuad(part)) return null;
                long v = dottedQuad(part);
                groups[n++] = (int) (v >>> 16);
                groups[n++] = (int) (v & 0xffff);
                i = j;
                break;
            }
            if (part.isEmpty() || part.length() > 4 || n >= 8) return null;
            int v = 0;
            for (int k = 0; k < part.length(); k++) {
                int d = hexValue(part.charAt(k));
                if (d < 0) return null;
                v = v * 16 + d;
            }
            groups[n++] = v;
            if (j == len) { i = j; break; }
            if (j + 1 < len && s.charAt(j + 1) == ':') {
                if (gap >= 0) return null;
                gap = n;
                i = j + 2;
                if (i == len) break;
            } else {
                i = j + 1;
                if (i == len) return null; // trailing single ':'
            }
        }
        if (gap < 0 && n != 8) return null;
        if (gap >= 0 && n > 7) return null;
        int[] full = new int[8];
        if (gap >= 0) {
            int tail = n - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        } else {
            System.arraycopy(groups, 0, full, 0, 8);
        }
        if (full[0] == 0 && full[1] == 0 && full[2] == 0 && full[3] == 0 && full[4] == 0 && full[5] == 0xffff) {
            return ipv4Text(((long) full[6] << 16) | full[7]);
        }
        // Longest run of >= 2 zero groups is compressed (first one on ties).
        int bestStart = -1, bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (full[k] != 0) { k++; continue; }
            int e = k;
            while (e < 8 && full[e] == 0) e++;
            if (e - k > bestLen) { bestStart = k; bestLen = e - k; }
            k = e;
        }
        StringBuilder b = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                b.append("::");
                k += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') b.append(':');
            b.append(Integer.toHexString(full[k]));
        }
        return b.toString();
    }

    /** A URL split into normalised parts. */
    record ParsedUrl(String scheme, String host, int port, String path, String query, String normalised) {}

    /** True for the URL schemes whose "//" browsers treat leniently (http:evil.com, http:\\evil.com). */
    static boolean specialScheme(CharSequence s, int start, int end) {
        int len = end - start;
        return len == 4 && regionEqualsIgnoreCase(s, start, "http") || len == 5 && regionEqualsIgnoreCase(s, start, "https")
                || len == 2 && regionEqualsIgnoreCase(s, start, "ws") || len == 3 && (regionEqualsIgnoreCase(s, start, "wss") || regionEqualsIgnoreCase(s, start, "ftp"));
    }

    private static boolean regionEqualsIgnoreCase(CharSequence s, int start, String lower) {
        for (int i = 0; i < lower.length(); i++) if ((s.charAt(start + i) | 0x20) != lower.charAt(i)) return false;
        return true;
    }

    /**
     * Where the authority of a URL starts: after "scheme://", after "//", after "http:" for
     * the special schemes (with any run of "/" or "\"), else at {@code start} (scheme-less
     * URLs like {@code evil.com/x} or {@code evil.com:8080}).
     */
    static int authorityStart(CharSequence s, int start, int end) {
        int j = start;
        if (j < end && isAlpha(s.charAt(j))) {
            j++;
            while (j < end && isSchemeChar(s.charAt(j))) j++;
            if (j < end && s.charAt(j) == ':') {
                boolean slashes = j + 2 < end && s.charAt(j + 1) == '/' && s.charAt(j + 2) == '/';
                if (slashes || specialScheme(s, start, j)) {
                    int k = j + 1;
                    while (k < end && (s.charAt(k) == '/' || s.charAt(k) == '\\')) k++;
                    return k;
                }
            }
            return start;
        }
        if (end - start >= 2 && s.charAt(start) == '/' && s.charAt(start + 1) == '/') return start + 2;
        return start;
    }

    static boolean isAlpha(char c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    static boolean isSchemeChar(char c) {
        return isAlpha(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.';
    }

    /**
     * Parses absolute and scheme-less URLs ("evil.com/x"). Userinfo is dropped
     * ({@code http://good.com@evil.com/} has host evil.com). Null when there is no usable host.
     */
    static ParsedUrl parseUrl(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.isEmpty()) return null;
        int a = authorityStart(s, 0, s.length());
        String scheme = "";
        if (a > 0) {
            int colon = s.indexOf(':');
            if (colon > 0 && colon < a && isAlpha(s.charAt(0))) scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        }
        int end = s.length();
        for (int i = a; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') { end = i; break; }
        }
        String authority = s.substring(a, end);
        String rest = s.substring(end).replace('\\', '/');
        int at = authority.lastIndexOf('@');
        if (at >= 0) authority = authority.substring(at + 1);
        int port = -1;
        String hostPart = authority;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) return null;
            hostPart = authority.substring(0, close + 1);
            if (authority.length() > close + 2 && authority.charAt(close + 1) == ':') port = parsePort(authority.substring(close + 2));
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0) {
                port = parsePort(authority.substring(colon + 1));
                hostPart = authority.substring(0, colon);
            }
        }
        String host = host(hostPart);
        if (host == null || host.isEmpty()) return null;
        int hash = rest.indexOf('#');
        if (hash >= 0) rest = rest.substring(0, hash);
        String path = rest, query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            path = rest.substring(0, q);
            query = rest.substring(q + 1);
        }
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String normalised = (scheme.isEmpty() ? "http" : scheme) + "://" + h
                + (port >= 0 && port != defaultPort(scheme) ? ":" + port : "")
                + (path.isEmpty() ? "/" : path) + (query.isEmpty() ? "" : "?" + query);
        return new ParsedUrl(scheme, host, port, path, query, normalised);
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        int p = Integer.parseInt(s);
        return p > 65535 ? -1 : p;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https", "wss" -> 443;
            case "", "http", "ws" -> 80;
            case "ftp" -> 21;
            default -> -2;
        };
    }
}
