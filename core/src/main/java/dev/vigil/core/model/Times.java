package dev.vigil.core.model;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Time conversions for the epochs found on phones. Every time Vigil writes is ISO-8601 UTC
 * with a {@code Z} and at most millisecond precision.
 */
public final class Times {
    /** Seconds between 1970-01-01 and 2001-01-01 (Apple's Cocoa / Core Data epoch). */
    public static final long COCOA_EPOCH_OFFSET = 978_307_200L;
    /** Seconds between 1601-01-01 and 1970-01-01 (WebKit/Chrome and Windows FILETIME epoch). */
    public static final long WEBKIT_EPOCH_OFFSET = 11_644_473_600L;

    /** Times outside this range are garbage in phone artifacts and are dropped. */
    private static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private Times() {}

    public static String iso(Instant t) {
        if (t == null) return null;
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    public static Instant parseIso(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Apple "Mac absolute time": seconds since 2001-01-01, possibly fractional. Newer
     * databases (sms.db since iOS 11) store nanoseconds in the same column; values larger
     * than 1e11 are taken as nanoseconds.
     */
    public static Instant cocoa(double value) {
        if (Double.isNaN(value) || value == 0) return null;
        double seconds = Math.abs(value) > 1e11 ? value / 1e9 : value;
        long whole = (long) Math.floor(seconds);
        long nanos = (long) ((seconds - whole) * 1e9);
        return safe(whole + COCOA_EPOCH_OFFSET, nanos);
    }

    public static Instant unixSeconds(double value) {
        if (Double.isNaN(value) || value == 0) return null;
        long whole = (long) Math.floor(value);
        return safe(whole, (long) ((value - whole) * 1e9));
    }

    public static Instant unixMillis(long ms) {
        if (ms == 0) return null;
        return safe(Math.floorDiv(ms, 1000), Math.floorMod(ms, 1000) * 1_000_000L);
    }

    /** Microseconds since 1601-01-01 (Chrome/WebKit). */
    public static Instant webkitMicros(long micros) {
        if (micros == 0) return null;
        return safe(Math.floorDiv(micros, 1_000_000L) - WEBKIT_EPOCH_OFFSET, Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static Instant safe(long seconds, long nanos) {
        try {
            Instant i = Instant.ofEpochSecond(seconds, nanos);
            // Years before 1990 or after 2100 are garbage in phone artifacts.
            if (i.isBefore(EARLIEST) || i.isAfter(LATEST)) return null;
            return i;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
