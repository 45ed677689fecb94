package dev.vigil.samples.ios.artifacts;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;

/**
 * Writes WebKit's ITP store {@code observations.db} (ResourceLoadStatisticsDatabaseStore schema
 * of iOS 14-17): ObservedDomains, TopLevelDomains, TopFrameUniqueRedirectsTo,
 * TopFrameUniqueRedirectsFrom, SubframeUnderTopFrameDomains, SubresourceUnderTopFrameDomains,
 * OperatingDates. lastSeen is seconds since 1970.
 */
public final class WebKitObservationsDb extends SqliteFile {
    public static final String APP = "private/var/mobile/Containers/Data/Application/7A8B9C0D-1E2F-4A3B-8C4D-5E6F7A8B9C0D/";
    public static final String PATH = APP + "Library/WebKit/WebsiteData/ResourceLoadStatistics/observations.db";

    public WebKitObservationsDb() {
        super("CREATE TABLE ObservedDomains (domainID INTEGER PRIMARY KEY, registrableDomain TEXT NOT NULL UNIQUE ON CONFLICT FAIL, lastSeen REAL NOT NULL, "
                        + "hadUserInteraction INTEGER NOT NULL, mostRecentUserInteractionTime REAL NOT NULL, grandfathered INTEGER NOT NULL, "
                        + "isPrevalent INTEGER NOT NULL, isVeryPrevalent INTEGER NOT NULL, dataRecordsRemoved INTEGER NOT NULL,"
                        + "timesAccessedAsFirstPartyDueToUserInteraction INTEGER NOT NULL, timesAccessedAsFirstPartyDueToStorageAccessAPI INTEGER NOT NULL,"
                        + "isScheduledForAllButCookieDataRemoval INTEGER NOT NULL)",
                "CREATE TABLE TopLevelDomains (topLevelDomainID INTEGER PRIMARY KEY, CONSTRAINT fkDomainID FOREIGN KEY(topLevelDomainID) REFERENCES ObservedDomains(domainID) ON DELETE CASCADE)",
                "CREATE TABLE TopFrameUniqueRedirectsTo (sourceDomainID INTEGER NOT NULL, toDomainID INTEGER NOT NULL, "
                        + "FOREIGN KEY(sourceDomainID) REFERENCES ObservedDomains(domainID) ON DELETE CASCADE, FOREIGN KEY(toDomainID) REFERENCES ObservedDomains(domainID) ON DELETE CASCADE)",
                "CREATE TABLE TopFrameUniqueRedirectsFrom (targetDomainID INTEGER NOT NULL, fromDomainID INTEGER NOT NULL, "
                        + "FOREIGN KEY(targetDomainID) REFERENCES ObservedDomains(domainID) ON DELETE CASCADE, FOREIGN KEY(fromDomainID) REFERENCES ObservedDomains(domainID) ON DELETE CASCADE)",
                "CREATE TABLE SubframeUnderTopFrameDomains (subFrameDomainID INTEGER NOT NULL, lastUpdated REAL NOT NULL, topFrameDomainID INTEGER NOT NULL)",
                "CREATE TABLE SubresourceUnderTopFrameDomains (subresourceDomainID INTEGER NOT NULL, lastUpdated REAL NOT NULL, topFrameDomainID INTEGER NOT NULL)",
                "CREATE TABLE OperatingDates (year INTEGER NOT NULL, month INTEGER NOT NULL, monthDay INTEGER NOT NULL)");
    }

    public long domain(String registrable, Instant lastSeen, boolean userInteraction) {
        long id = insert("INSERT INTO ObservedDomains (registrableDomain, lastSeen, hadUserInteraction, mostRecentUserInteractionTime, grandfathered, isPrevalent, "
                        + "isVeryPrevalent, dataRecordsRemoved, timesAccessedAsFirstPartyDueToUserInteraction, timesAccessedAsFirstPartyDueToStorageAccessAPI, "
                        + "isScheduledForAllButCookieDataRemoval) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0)",
                registrable, (double) lastSeen.getEpochSecond(), userInteraction ? 1 : 0, userInteraction ? (double) lastSeen.getEpochSecond() : 0.0);
        insert("INSERT INTO TopLevelDomains (topLevelDomainID) VALUES (?)", id);
        return id;
    }

    public void redirect(long from, long to) {
        insert("INSERT INTO TopFrameUniqueRedirectsTo (sourceDomainID, toDomainID) VALUES (?, ?)", from, to);
        insert("INSERT INTO TopFrameUniqueRedirectsFrom (targetDomainID, fromDomainID) VALUES (?, ?)", to, from);
    }

    /** Demo: an app's web view went from t.co to a QuaDream (KingsPawn) domain. */
    public static void plantDemo(IosFiles fs) {
        WebKitObservationsDb db = new WebKitObservationsDb();
        long tco = db.domain("t.co", Instant.parse("2023-04-02T10:00:00Z"), true);
        long bad = db.domain("shoppingeos.com", Instant.parse("2023-04-02T10:00:01Z"), false);
        db.domain("twitter.com", Instant.parse("2023-04-02T09:59:00Z"), true);
        db.redirect(tco, bad);
        fs.put(PATH, db.bytes());
        ContainerMetadata.put(fs, APP, "com.example.newsreader");
    }
}
