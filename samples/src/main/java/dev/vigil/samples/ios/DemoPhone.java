package dev.vigil.samples.ios;

import dev.vigil.samples.ios.artifacts.AddressBookDb;
import dev.vigil.samples.ios.artifacts.CalendarDb;
import dev.vigil.samples.ios.artifacts.CallHistoryDb;
import dev.vigil.samples.ios.artifacts.ChromeFaviconsDb;
import dev.vigil.samples.ios.artifacts.ChromeHistoryDb;
import dev.vigil.samples.ios.artifacts.FirefoxBrowserDb;
import dev.vigil.samples.ios.artifacts.FirefoxPlacesDb;
import dev.vigil.samples.ios.artifacts.InteractionCDb;
import dev.vigil.samples.ios.artifacts.SafariBrowserStateDb;
import dev.vigil.samples.ios.artifacts.SafariFaviconsDb;
import dev.vigil.samples.ios.artifacts.SafariHistoryDb;
import dev.vigil.samples.ios.artifacts.SafariTabsDb;
import dev.vigil.samples.ios.artifacts.SmsDb;
import dev.vigil.samples.ios.artifacts.WhatsAppChatStorageDb;
import dev.vigil.samples.ios.artifacts.WhatsAppContactsDb;
import dev.vigil.samples.ios.artifacts.WebKitObservationsDb;
import dev.vigil.samples.ios.artifacts.WebKitResourceLogPlist;

/**
 * The content of the demo iPhone: artifacts in real formats with planted public indicators
 * (Pegasus and peers), assembled from the artifact builders. Used by the demo samples
 * (backup plain and encrypted, filesystem dump) and by end-to-end tests.
 */
public final class DemoPhone {
    private DemoPhone() {}

    /** A new virtual filesystem holding every demo artifact. */
    public static IosFiles build() {
        IosFiles fs = new IosFiles();
        // Artifact builders add their planted content here (see each builder's plantDemo).
        dev.vigil.samples.ios.backup.BackupArtifacts.plantDemo(fs);
        // System artifacts (dev.vigil.samples.ios.system):
        dev.vigil.samples.ios.system.DataUsageBuilder.plantDemo(fs);
        dev.vigil.samples.ios.system.TccBuilder.plantDemo(fs);
        dev.vigil.samples.ios.system.IdStatusCacheBuilder.plantDemo(fs);
        dev.vigil.samples.ios.system.LocationdClientsBuilder.plantDemo(fs);
        dev.vigil.samples.ios.system.OsAnalyticsAdDailyBuilder.plantDemo(fs);
        dev.vigil.samples.ios.system.ShortcutsBuilder.plantDemo(fs);
        dev.vigil.samples.ios.system.AnalyticsBuilder.plantDemo(fs);
        dev.vigil.samples.ios.system.AnalyticsJournalBuilder.plantDemo(fs);
        SmsDb.plantDemo(fs);
        AddressBookDb.plantDemo(fs);
        CallHistoryDb.plantDemo(fs);
        CalendarDb.plantDemo(fs);
        InteractionCDb.plantDemo(fs);
        WhatsAppChatStorageDb.plantDemo(fs);
        WhatsAppContactsDb.plantDemo(fs);
        SafariHistoryDb.plantDemo(fs);
        SafariBrowserStateDb.plantDemo(fs);
        SafariTabsDb.plantDemo(fs);
        SafariFaviconsDb.plantDemo(fs);
        ChromeHistoryDb.plantDemo(fs);
        ChromeFaviconsDb.plantDemo(fs);
        FirefoxBrowserDb.plantDemo(fs);
        FirefoxPlacesDb.plantDemo(fs);
        WebKitObservationsDb.plantDemo(fs);
        WebKitResourceLogPlist.plantDemo(fs);
        return fs;
    }
}
