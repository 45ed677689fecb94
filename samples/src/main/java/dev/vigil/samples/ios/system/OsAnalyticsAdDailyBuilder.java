package dev.vigil.samples.ios.system;

import com.dd.plist.NSArray;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;
import java.util.Date;

/**
 * com.apple.osanalytics.addaily.plist (iOS 12 to 17): {@code netUsageBaseline} maps a process
 * name to [date, Wi-Fi in, Wi-Fi out, cellular in, cellular out]; other daily keys beside it.
 */
public final class OsAnalyticsAdDailyBuilder {
    public static final String PATH = "private/var/mobile/Library/Preferences/com.apple.osanalytics.addaily.plist";

    private final NSDictionary baseline = new NSDictionary();

    public OsAnalyticsAdDailyBuilder process(String name, Instant t, long wifiIn, long wifiOut, long wwanIn, long wwanOut) {
        baseline.put(name, new NSArray(new NSDate(Date.from(t)), new NSNumber(wifiIn), new NSNumber(wifiOut), new NSNumber(wwanIn), new NSNumber(wwanOut)));
        return this;
    }

    public byte[] build() {
        NSDictionary root = new NSDictionary();
        root.put("netUsageBaseline", baseline);
        root.put("lastSubmissionDate", new NSDate(Date.from(Instant.parse("2023-05-31T00:00:00Z"))));
        return PlistFile.binary(root);
    }

    /** Demo: two system daemons and the Pegasus process {@code msgacntd} (Amnesty, 2021). */
    public static void plantDemo(IosFiles fs) {
        fs.put(PATH, new OsAnalyticsAdDailyBuilder()
                .process("mDNSResponder", Instant.parse("2023-05-31T00:00:00Z"), 800_000, 120_000, 50_000, 20_000)
                .process("apsd", Instant.parse("2023-05-31T00:00:00Z"), 90_000, 30_000, 8_000, 4_000)
                .process("msgacntd", DataUsageBuilder.DEMO_INFECTION.plusSeconds(150), 1_200_000, 25_000_000, 0, 0)
                .build());
    }
}
