package dev.vigil.samples.ios.system;

import dev.vigil.samples.ios.IosFiles;

/**
 * Analytics journals {@code private/var/db/analyticsd/Analytics-Journal-*.ips} (iOS 13 to 17):
 * a one-line JSON header ({@code timestamp} "yyyy-MM-dd HH:mm:ss.SS +zzzz", {@code os_version},
 * {@code bug_type} "211"...) followed by JSON lines of events.
 */
public final class AnalyticsJournalBuilder {
    public static final String DIR = "private/var/db/analyticsd/";

    private AnalyticsJournalBuilder() {}

    public static String journal(String timestamp, String osVersion) {
        return "{\"bug_type\":\"211\",\"timestamp\":\"" + timestamp + "\",\"os_version\":\"" + osVersion
                + "\",\"incident_id\":\"0D6F2B3A-1C1E-4B8E-9E2A-5F0C9A1B2C3D\"}\n"
                + "{\"_marker\":\"<metadata>\",\"startTimestamp\":\"" + timestamp + "\"}\n";
    }

    /** Demo: three journals across an update from iOS 16.4.1 to 16.5. */
    public static void plantDemo(IosFiles fs) {
        fs.put(DIR + "Analytics-Journal-2023-04-20-100000.0001.ips", journal("2023-04-20 12:00:00.00 +0200", "iPhone OS 16.4.1 (20E252)"));
        fs.put(DIR + "Analytics-Journal-2023-05-10-110000.0002.ips", journal("2023-05-10 13:00:00.00 +0200", "iPhone OS 16.4.1 (20E252)"));
        fs.put(DIR + "Analytics-Journal-2023-05-19-090000.0003.ips", journal("2023-05-19 11:00:00.00 +0200", "iPhone OS 16.5 (20F66)"));
    }
}
