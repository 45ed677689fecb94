package dev.vigil.samples.ios;

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
        return fs;
    }
}
