package dev.vigil.ios.modules;

import dev.vigil.core.model.Times;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** Small helpers for reading rows of databases whose columns differ between iOS versions. */
final class Db {
    /** Longest text kept from one column (longer values are cut). */
    static final int MAX_TEXT = 1 << 20;

    private Db() {}

    /**
     * A select expression: {@code alias.column AS as} when the table has the column, otherwise
     * {@code NULL AS as}, so one query serves every schema version.
     */
    static String col(Set<String> columns, String alias, String column, String as) {
        String expr = columns.contains(column.toLowerCase(Locale.ROOT)) ? alias + "." + column : "NULL";
        return expr + " AS " + as;
    }

    /** The first of several alternative column names that exists, or NULL. */
    static String colAny(Set<String> columns, String alias, String as, String... candidates) {
        for (String c : candidates) {
            if (columns.contains(c.toLowerCase(Locale.ROOT))) return alias + "." + c + " AS " + as;
        }
        return "NULL AS " + as;
    }

    /** A column as text; blobs holding text (some Core Data columns) are decoded as UTF-8. */
    static String text(ResultSet rs, String label) throws SQLException {
        Object o = rs.getObject(label);
        if (o == null) return null;
        String s;
        if (o instanceof byte[] b) {
            s = new String(b, 0, Math.min(b.length, MAX_TEXT), StandardCharsets.UTF_8);
        } else {
            s = o.toString();
        }
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }

    static Long lng(ResultSet rs, String label) throws SQLException {
        Object o = rs.getObject(label);
        if (o instanceof Number n) return n.longValue();
        if (o instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Double dbl(ResultSet rs, String label) throws SQLException {
        Object o = rs.getObject(label);
        if (o instanceof Number n) return n.doubleValue();
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Boolean bool(ResultSet rs, String label) throws SQLException {
        Long l = lng(rs, label);
        return l == null ? null : l != 0;
    }

    static byte[] bytes(ResultSet rs, String label) throws SQLException {
        Object o = rs.getObject(label);
        return o instanceof byte[] b ? b : null;
    }

    /** A Cocoa (2001 epoch) time column, seconds or nanoseconds. */
    static Instant cocoa(ResultSet rs, String label) throws SQLException {
        Double d = dbl(rs, label);
        return d == null ? null : Times.cocoa(d);
    }

    /** A Unix time whose unit is guessed from its size: seconds, milliseconds or microseconds. */
    static Instant unixAuto(Double v) {
        if (v == null || v == 0) return null;
        double a = Math.abs(v);
        if (a > 1e17) return Times.unixSeconds(v / 1e9);
        if (a > 1e14) return Times.unixSeconds(v / 1e6);
        if (a > 1e11) return Times.unixSeconds(v / 1e3);
        return Times.unixSeconds(v);
    }

    /** The host of a URL, lower case, or null. */
    static String host(String url) {
        if (url == null) return null;
        try {
            String h = java.net.URI.create(url.strip()).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The app container of a path under Containers/.../Application/UUID/ or AppGroup/UUID/, or null. */
    static String container(String path) {
        String[] parts = path.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("Application") || parts[i].equals("AppGroup")) return parts[i + 1];
        }
        return null;
    }
}
