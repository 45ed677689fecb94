package dev.vigil.android.modules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Time formats found in dumpsys and tombstones. Times without a zone are device local time, kept as if UTC. */
public final class AndroidTimes {
    private AndroidTimes() {}

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter WITH_OFFSET = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern("xx")
            .toFormatter();

    /** "2021-05-19 22:02:52.054" (device local time, taken as UTC), or null. */
    public static Instant local(String s) {
        if (s == null) return null;
        try {
            return LocalDateTime.parse(s.strip(), LOCAL).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "2023-04-12 12:32:40.518290770+0200" (tombstones): with its offset when given. */
    public static Instant withOffset(String s) {
        if (s == null) return null;
        String t = s.strip();
        try {
            return OffsetDateTime.parse(t, WITH_OFFSET).toInstant();
        } catch (DateTimeParseException e) {
            return local(t);
        }
    }

    /** "2023-01-05" or "2023-01-05 ..." as a date, or null. */
    public static LocalDate date(String s) {
        if (s == null || s.strip().length() < 10) return null;
        try {
            return LocalDate.parse(s.strip().substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
