package dev.vigil.network.logs;

import dev.vigil.network.NetSink;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Times as logs write them: Unix epoch in seconds (with a fraction, as Zeek writes), milli-,
 * micro- or nanoseconds (told apart by magnitude), or ISO-8601 / "yyyy-MM-dd HH:mm:ss" text
 * with or without an offset ("+0000" as Suricata writes, "+00:00", "Z"); text without an
 * offset is taken as UTC. Returns nanoseconds since the epoch, or {@link NetSink#UNKNOWN_TIME}.
 */
public final class TimeParse {
    private static final DateTimeFormatter TEXT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    private TimeParse() {}

    public static long parse(String s) {
        if (s == null) return NetSink.UNKNOWN_TIME;
        String v = s.strip();
        if (v.isEmpty() || v.equals("-")) return NetSink.UNKNOWN_TIME;
        char c0 = v.charAt(0);
        if (v.length() < 40 && (Character.isDigit(c0)) && v.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return numeric(v);
        }
        if (v.length() > 64) return NetSink.UNKNOWN_TIME;
        try {
            var parsed = TEXT.parseBest(v, OffsetDateTime::from, LocalDateTime::from);
            OffsetDateTime odt = parsed instanceof OffsetDateTime o ? o : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
            return odt.toEpochSecond() * 1_000_000_000L + odt.getNano();
        } catch (DateTimeParseException | ArithmeticException e) {
            return NetSink.UNKNOWN_TIME;
        }
    }

    private static long numeric(String v) {
        int dot = v.indexOf('.');
        if (dot >= 0 && v.indexOf('.', dot + 1) >= 0) return NetSink.UNKNOWN_TIME;
        String whole = dot < 0 ? v : v.substring(0, dot);
        if (whole.isEmpty() || whole.length() > 19) return NetSink.UNKNOWN_TIME;
        try {
            long w = Long.parseLong(whole);
            int digits = whole.length();
            if (digits <= 11) { // seconds, possibly with a fraction
                long nanos = 0;
                if (dot >= 0) {
                    String f = (v.substring(dot + 1) + "000000000").substring(0, 9);
                    nanos = Long.parseLong(f);
                }
                return w * 1_000_000_000L + nanos;
            }
            if (digits <= 14) return w * 1_000_000L; // milliseconds
            if (digits <= 17) return w * 1_000L; // microseconds
            return w; // nanoseconds
        } catch (NumberFormatException e) {
            return NetSink.UNKNOWN_TIME;
        }
    }
}
