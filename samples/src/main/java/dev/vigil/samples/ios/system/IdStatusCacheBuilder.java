package dev.vigil.samples.ios.system;

import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;
import java.util.Date;

/**
 * The identity-services status cache: service to handle to {IDStatus, LookupDate}. iOS 13 and
 * 14 store {@code LookupDate} as a date in
 * {@code Library/Preferences/com.apple.identityservices.idstatuscache.plist}; iOS 15 and later
 * keep {@code Library/IdentityServices/idstatuscache.plist} with Cocoa seconds as a real.
 */
public final class IdStatusCacheBuilder {
    public static final String PATH = "private/var/mobile/Library/Preferences/com.apple.identityservices.idstatuscache.plist";
    public static final String PATH_IOS15 = "private/var/mobile/Library/IdentityServices/idstatuscache.plist";

    private final NSDictionary root = new NSDictionary();
    private final boolean realDates;

    /** @param realDates true for Cocoa seconds (iOS 15+), false for dates */
    public IdStatusCacheBuilder(boolean realDates) {
        this.realDates = realDates;
    }

    public IdStatusCacheBuilder handle(String service, String handle, int status, Instant lookup) {
        NSDictionary svc = (NSDictionary) root.objectForKey(service);
        if (svc == null) {
            svc = new NSDictionary();
            root.put(service, svc);
        }
        NSDictionary v = new NSDictionary();
        v.put("IDStatus", new NSNumber(status));
        v.put("LookupDate", realDates ? new NSNumber(SqliteFile.cocoa(lookup)) : new NSDate(Date.from(lookup)));
        svc.put(handle, v);
        return this;
    }

    public byte[] build() {
        return PlistFile.binary(root);
    }

    /**
     * Demo: two ordinary contacts and a lookup of {@code bekkerfredi@gmail.com}, an iMessage
     * account used by NSO Pegasus (Amnesty, 2021), two minutes before the planted infection.
     */
    public static void plantDemo(IosFiles fs) {
        Instant t = DataUsageBuilder.DEMO_INFECTION;
        fs.put(PATH, new IdStatusCacheBuilder(false)
                .handle("com.apple.madrid", "mailto:alice@example.org", 1, Instant.parse("2023-05-02T09:00:00Z"))
                .handle("com.apple.madrid", "tel:+442071234567", 1, Instant.parse("2023-05-03T10:00:00Z"))
                .handle("com.apple.madrid", "mailto:bekkerfredi@gmail.com", 1, t.minusSeconds(120))
                .handle("com.apple.ess", "tel:+442071234567", 2, Instant.parse("2023-05-03T10:00:05Z"))
                .build());
    }
}
