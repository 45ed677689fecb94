package dev.vigil.samples.ios.system;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;
import java.util.Map;

/**
 * locationd clients.plist (iOS 13 to 17, binary plist): client key to a dictionary with
 * {@code BundleId}, {@code BundlePath}, {@code Executable}, {@code Registered},
 * {@code Authorization}, {@code Whitelisted} and Cocoa-seconds times such as
 * {@code LocationTimeStopped}, {@code SignificantTimeStopped},
 * {@code ReceivingLocationInformationTimeStopped}.
 */
public final class LocationdClientsBuilder {
    public static final String PATH = "private/var/mobile/Library/Caches/locationd/clients.plist";
    public static final String ROOT_PATH = "private/var/root/Library/Caches/locationd/clients.plist";

    private final NSDictionary root = new NSDictionary();

    public LocationdClientsBuilder client(String key, String bundleId, String executable, String bundlePath, int authorization,
                                          Map<String, Instant> times) {
        NSDictionary d = new NSDictionary();
        if (bundleId != null) d.put("BundleId", bundleId);
        if (executable != null) d.put("Executable", executable);
        if (bundlePath != null) d.put("BundlePath", bundlePath);
        if (executable != null) d.put("Registered", executable);
        d.put("Authorization", new NSNumber(authorization));
        d.put("Whitelisted", new NSNumber(false));
        for (var e : new java.util.TreeMap<>(times).entrySet()) d.put(e.getKey(), new NSNumber(SqliteFile.cocoa(e.getValue())));
        root.put(key, d);
        return this;
    }

    public byte[] build() {
        return PlistFile.binary(root);
    }

    /**
     * Demo (in the root folder, which backups keep in RootDomain): Maps and a location bundle as ordinary clients, and a client whose executable is
     * the Pegasus process {@code locserviced} (Amnesty, 2021) under a temporary folder, active
     * a minute after the planted infection.
     */
    public static void plantDemo(IosFiles fs) {
        Instant t = DataUsageBuilder.DEMO_INFECTION;
        fs.put(ROOT_PATH, new LocationdClientsBuilder()
                .client("com.apple.Maps", "com.apple.Maps", "/Applications/Maps.app/Maps", "/Applications/Maps.app", 4,
                        Map.of("LocationTimeStopped", Instant.parse("2023-05-30T17:00:00Z")))
                .client("com.apple.locationd.bundle-/System/Library/LocationBundles/TimeZone.bundle", null, null, null, 2,
                        Map.of("SignificantTimeStopped", Instant.parse("2023-05-31T06:00:00Z")))
                .client("/private/var/db/com.apple.xpc.roleaccountd.staging/locserviced", null,
                        "/private/var/db/com.apple.xpc.roleaccountd.staging/locserviced", null, 2,
                        Map.of("LocationTimeStopped", t.plusSeconds(60), "ReceivingLocationInformationTimeStopped", t.plusSeconds(65)))
                .build());
    }
}
