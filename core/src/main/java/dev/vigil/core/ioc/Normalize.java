package dev.vigil.core.ioc;

import java.net.IDN;
import java.net.InetAddress;
import java.util.Locale;

/** Normal forms of indicator values and of the values checked against them. */
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
            case FILE_MD5, FILE_SHA1, FILE_SHA256, CERT_MD5, CERT_SHA1, CERT_SHA256 -> v.replace(":", "").toLowerCase(Locale.ROOT);
            case EMAIL, APP_ID, PROFILE_ID, ANDROID_PROPERTY -> v.toLowerCase(Locale.ROOT);
        };
    }

    /** A path with a trailing "/" removed (directory indicators match at boundaries anyway). */
    static String path(String p) {
        String s = p.strip();
        while (s.length() > 1 && s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /**
     * Host name normal form: lower case, no trailing dot, no port, no userinfo, no brackets
     * around IPv6, internationalised names in their ASCII (punycode) form. Null when empty.
     */
    static String host(String raw) {
        if (raw == null) return null;
        String h = raw.strip();
        int at = h.lastIndexOf('@');
        if (at >= 0) h = h.substring(at + 1);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? ip(h.substring(1, close)) : null;
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon); // host:port
        else if (colon >= 0) return ip(h); // bare IPv6
        while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (h.isEmpty()) return null;
        boolean ascii = true;
        for (int i = 0; i < h.length(); i++) if (h.charAt(i) >= 0x80) { ascii = false; break; }
        if (!ascii) {
            try {
                h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return h.toLowerCase(Locale.ROOT);
    }

    static boolean isIpLiteral(String h) {
        return ip(h) != null;
    }

    private static final java.util.regex.Pattern LEADING_ZEROS = java.util.regex.Pattern.compile("(?<=^|\\.)0+(?=\\d)");

    /** Canonical text of an IPv4 or IPv6 literal, or null when it is not one. Never resolves names. */
    static String ip(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (s.isEmpty()) return null;
        if (isDottedQuad(s)) return LEADING_ZEROS.matcher(s).replaceAll("");
        if (s.indexOf(':') >= 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            try {
                InetAddress a = InetAddress.getByName(s); // literal only: no lookup for IPv6 text
                return a.getHostAddress().toLowerCase(Locale.ROOT);
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }

    private static boolean isDottedQuad(String s) {
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

    /** A URL split into normalised parts. */
    record ParsedUrl(String scheme, String host, int port, String path, String query, String normalised) {}

    /**
     * Parses absolute and scheme-less URLs ("evil.com/x"). Userinfo is dropped
     * ({@code http://good.com@evil.com/} has host evil.com). Null when there is no usable host.
     */
    static ParsedUrl parseUrl(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.isEmpty()) return null;
        String scheme = "";
        int schemeEnd = s.indexOf("://");
        if (schemeEnd > 0 && s.substring(0, schemeEnd).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
            scheme = s.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            s = s.substring(schemeEnd + 3);
        } else if (s.startsWith("//")) {
            s = s.substring(2);
        }
        int end = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') { end = i; break; }
        }
        String authority = s.substring(0, end);
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
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && authority.indexOf(':') == colon) {
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
        String normalised = (scheme.isEmpty() ? "http" : scheme) + "://" + host
                + (port >= 0 && port != defaultPort(scheme) ? ":" + port : "")
                + (path.isEmpty() ? "/" : path) + (query.isEmpty() ? "" : "?" + query);
        return new ParsedUrl(scheme, host, port, path, query, normalised);
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) return -1;
        return Integer.parseInt(s);
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https", "wss" -> 443;
            case "", "http", "ws" -> 80;
            default -> -2;
        };
    }
}
