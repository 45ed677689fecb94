package dev.vigil.samples.ios.backup;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import dev.vigil.samples.ios.IosFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * Builders of the artifacts read by the backup-level modules: configuration profiles and
 * MCProfileEvents.plist (the configuration profiles system group, iOS 12 to 17 layout),
 * .GlobalPreferences.plist (Lockdown Mode flag LDMGlobalEnabled, iOS 16+), and app store
 * metadata (iTunesMetadata.plist in the app bundle, which iTunes copies into Info.plist).
 */
public final class BackupArtifacts {
    /** The configuration profiles system group container, as on the phone. */
    public static final String PROFILES_DIR =
            "private/var/containers/Shared/SystemGroup/systemgroup.com.apple.configurationprofiles/Library/ConfigurationProfiles/";
    public static final String PROFILE_EVENTS = PROFILES_DIR + "MCProfileEvents.plist";
    public static final String GLOBAL_PREFERENCES = "private/var/mobile/Library/Preferences/.GlobalPreferences.plist";
    public static final String BUNDLES = "private/var/containers/Bundle/Application/";

    /** Public Predator (Intellexa) configuration profile UUID (Amnesty / Cytrox indicators). */
    public static final String PREDATOR_PROFILE_UUID = "76DAB334-7E17-475D-A5D6-0794EB5818A5";
    /** A public app:id indicator (RCS Lab "Hermit" carrier app, mvt-indicators 2022-06-23_rcs_lab). */
    public static final String PLANTED_APP = "com.vodaservices";

    private BackupArtifacts() {}

    /** Adds the demo's planted backup-level artifacts to a virtual phone. */
    public static IosFiles plantDemo(IosFiles fs) {
        Instant t = Instant.parse("2023-05-30T21:14:07Z");
        profile(fs, PREDATOR_PROFILE_UUID, "com.apple.config.update", "Carrier Settings Update", "Apple Inc.", t);
        profile(fs, "C1D2E3F4-0A1B-4C5D-8E9F-A0B1C2D3E4F5", "org.example.mdm.wifi", "Office Wi-Fi", "Example Org",
                Instant.parse("2022-11-02T09:00:00Z"));
        profileEvents(fs, new ProfileEvent[] {
                new ProfileEvent("org.example.mdm.wifi", "install", "profiled", Instant.parse("2022-11-02T09:00:00Z")),
                new ProfileEvent("com.apple.config.update", "install", "MobileSafari", t)});
        globalPreferences(fs, false);
        app(fs, "com.example.weather", "Weather Pro", "Example Apps Ltd", "com.apple.AppStore", Instant.parse("2022-04-11T12:00:00Z"));
        app(fs, "com.example.sideloaded", "Emulator", "Unknown", "com.rileytestut.AltStore", Instant.parse("2023-05-12T18:22:00Z"));
        // The planted app has no store metadata (enterprise-signed), only its data container.
        fs.put("private/var/mobile/Containers/Data/Application/" + PLANTED_APP + "/Library/Preferences/" + PLANTED_APP + ".plist",
                bplist(dict("lastUpdate", new NSDate(Date.from(t)))), t);
        return fs;
    }

    /** Installs a configuration profile stub (profile-&lt;sha256 of identifier&gt;.stub). */
    public static void profile(IosFiles fs, String uuid, String identifier, String name, String organisation, Instant installed) {
        NSDictionary payload = dict("PayloadType", "com.apple.security.root", "PayloadUUID", uuid.toLowerCase(),
                "PayloadIdentifier", identifier + ".cert", "PayloadDisplayName", name + " certificate",
                "PayloadContent", new NSData("MIIB-demo-certificate".getBytes(StandardCharsets.US_ASCII)));
        NSDictionary p = dict("PayloadType", "Configuration", "PayloadVersion", 1, "PayloadUUID", uuid,
                "PayloadIdentifier", identifier, "PayloadDisplayName", name, "PayloadOrganization", organisation,
                "PayloadDescription", "Installs " + name, "PayloadRemovalDisallowed", false,
                "InstallDate", new NSDate(Date.from(installed)), "PayloadContent", new NSArray(payload));
        fs.put(PROFILES_DIR + "profile-" + sha256(identifier) + ".stub", bplist(p), installed);
    }

    /** One MCProfileEvents entry. */
    public record ProfileEvent(String profileId, String operation, String process, Instant time) {}

    /** Writes MCProfileEvents.plist: {"ProfileEvents": [{profileId: {timestamp, operation, process}}]}. */
    public static void profileEvents(IosFiles fs, ProfileEvent[] events) {
        NSObject[] list = new NSObject[events.length];
        Instant last = IosFiles.DEFAULT_TIME;
        for (int i = 0; i < events.length; i++) {
            ProfileEvent e = events[i];
            list[i] = dict(e.profileId(), dict("timestamp", new NSDate(Date.from(e.time())), "operation", e.operation(), "process", e.process()));
            if (e.time().isAfter(last)) last = e.time();
        }
        fs.put(PROFILE_EVENTS, bplist(dict("ProfileEvents", new NSArray(list))), last);
    }

    /** Writes .GlobalPreferences.plist with the Lockdown Mode flag and usual locale keys. */
    public static void globalPreferences(IosFiles fs, boolean lockdown) {
        fs.put(GLOBAL_PREFERENCES, bplist(dict("AppleLanguages", new NSArray(new com.dd.plist.NSString("en-GB")),
                "AppleLocale", "en_GB", "LDMGlobalEnabled", lockdown)));
    }

    /** An installed app with App Store metadata from {@code sourceApp} and a data container. */
    public static void app(IosFiles fs, String bundleId, String name, String artist, String sourceApp, Instant purchased) {
        try {
            fs.put(BUNDLES + bundleId + "/iTunesMetadata.plist",
                    BackupWriter.itunesMetadata(bundleId, name, artist, "1.0", sourceApp, purchased), purchased);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fs.put("private/var/mobile/Containers/Data/Application/" + bundleId + "/Library/Preferences/" + bundleId + ".plist",
                bplist(dict("firstLaunch", new NSDate(Date.from(purchased)))), purchased);
    }

    static NSDictionary dict(Object... kv) {
        NSDictionary d = new NSDictionary();
        for (int i = 0; i < kv.length; i += 2) d.put((String) kv[i], kv[i + 1]);
        return d;
    }

    static byte[] bplist(NSObject o) {
        try {
            return BinaryPropertyListWriter.writeToArray(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
