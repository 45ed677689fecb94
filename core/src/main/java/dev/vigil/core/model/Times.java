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
        long sec = t.getEpochSecond();
        // Years 1970-9999 (nearly every time a phone records) are formatted by hand: a check
        // formats millions of times; the result is exactly DateTimeFormatter.ISO_INSTANT's.
        if (sec < 0 || sec >= 253_402_300_800L) return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
        long days = Math.floorDiv(sec, 86_400L);
        int secOfDay = (int) (sec - days * 86_400L);
        // civil date from days since 1970-01-01 (Howard Hinnant's algorithm)
        long z = days + 719_468;
        long era = z / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int millis = t.getNano() / 1_000_000;
        byte[] b = new byte[millis == 0 ? 20 : 24];
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, month, 2);
        b[7] = '-';
        digits(b, 8, day, 2);
        b[10] = 'T';
        digits(b, 11, secOfDay / 3600, 2);
        b[13] = ':';
        digits(b, 14, secOfDay / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, secOfDay % 60, 2);
        if (millis != 0) {
            b[19] = '.';
            digits(b, 20, millis, 3);
        }
        b[b.length - 1] = 'Z';
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
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
