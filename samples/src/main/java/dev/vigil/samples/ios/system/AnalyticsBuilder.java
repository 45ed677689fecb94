package dev.vigil.samples.ios.system;

import com.dd.plist.NSObject;
import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A security analytics database of {@code private/var/Keychains/Analytics/} (iOS 13 to 17
 * layout of trust_analytics.db / TLS_analytics.db / networking_analytics.db): tables
 * {@code hard_failures}, {@code soft_failures}, {@code all_events} ({@code id},
 * {@code timestamp} in Unix seconds, {@code data}: a binary plist dictionary) and
 * {@code success_count}.
 */
public final class AnalyticsBuilder {
    public static final String DIR = "private/var/Keychains/Analytics/";

    private record Event(String table, Instant time, Map<String, Object> data) {}

    private final List<Event> events = new ArrayList<>();

    public AnalyticsBuilder event(String table, Instant time, Map<String, Object> data) {
        events.add(new Event(table, time, data));
        return this;
    }

    public byte[] build() {
        return SqliteFile.build(c -> {
            SqliteFile.exec(c, "CREATE TABLE hard_failures (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB);"
                    + "CREATE TABLE soft_failures (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB);"
                    + "CREATE TABLE all_events (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp REAL, data BLOB);"
                    + "CREATE TABLE success_count (event_type STRING PRIMARY KEY, success_count INTEGER, hard_failure_count INTEGER, soft_failure_count INTEGER)");
            for (Event e : events) {
                SqliteFile.insert(c, "INSERT INTO " + e.table() + " (timestamp, data) VALUES (?, ?)",
                        e.time().getEpochSecond() + e.time().getNano() / 1e9, PlistFile.binary(NSObject.fromJavaObject(new java.util.TreeMap<>(e.data()))));
            }
        });
    }

    /**
     * Demo: networking_analytics.db with TLS events on two iOS builds (16.4.1 20E252, then
     * 16.5 20F66) and one event naming the Pegasus process {@code bh} and the Pegasus domain
     * {@code smscentro.com} (Amnesty, 2021).
     */
    public static void plantDemo(IosFiles fs) {
        fs.put(DIR + "networking_analytics.db", new AnalyticsBuilder()
                .event("all_events", Instant.parse("2023-04-20T10:00:00Z"), Map.of("eventType", "TLSConnectionEvent", "build", "20E252", "host", "www.apple.com"))
                .event("soft_failures", Instant.parse("2023-05-10T11:00:00Z"), Map.of("eventType", "TLSConnectionEvent", "build", "20E252", "host", "example.org"))
                .event("hard_failures", DataUsageBuilder.DEMO_INFECTION.plusSeconds(20), Map.of("eventType", "NetworkingFailure", "build", "20F66",
                        "process", "bh", "host", "smscentro.com"))
                .event("all_events", Instant.parse("2023-05-30T09:00:00Z"), Map.of("eventType", "TLSConnectionEvent", "build", "20F66", "host", "www.icloud.com"))
                .build());
    }
}
