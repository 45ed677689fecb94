package dev.vigil.samples.ios.system;

import dev.vigil.samples.ios.IosFiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * DataUsage.sqlite (CoreTelephony) and netusage.sqlite (networkd): the Core Data schema of
 * iOS 12 to iOS 17 ({@code ZPROCESS}, {@code ZLIVEUSAGE} with Wi-Fi and cellular counters,
 * {@code Z_PRIMARYKEY}, {@code Z_METADATA}); times in Cocoa seconds. {@link #legacy()}
 * leaves out {@code ZFIRSTTIMESTAMP}, as in some older iOS versions.
 */
public final class DataUsageBuilder {
    public static final String DATAUSAGE_PATH = "private/var/wireless/Library/Databases/DataUsage.sqlite";
    public static final String NETUSAGE_PATH = "private/var/networkd/netusage.sqlite";

    private record Proc(long pk, String name, String bundle, Instant first, Instant last) {}

    private record Usage(long pk, Long procId, Instant time, long wifiIn, long wifiOut, long wwanIn, long wwanOut) {}

    private final List<Proc> procs = new ArrayList<>();
    private final List<Usage> usages = new ArrayList<>();
    private boolean legacy;

    public DataUsageBuilder process(long pk, String name, String bundle, Instant first, Instant last) {
        procs.add(new Proc(pk, name, bundle, first, last));
        return this;
    }

    public DataUsageBuilder usage(long pk, Long procId, Instant time, long wifiIn, long wifiOut, long wwanIn, long wwanOut) {
        usages.add(new Usage(pk, procId, time, wifiIn, wifiOut, wwanIn, wwanOut));
        return this;
    }

    /** Without ZFIRSTTIMESTAMP. */
    public DataUsageBuilder legacy() {
        legacy = true;
        return this;
    }

    public byte[] build() {
        return SqliteFile.build(c -> {
            SqliteFile.exec(c, "CREATE TABLE ZPROCESS ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                    + (legacy ? "" : "ZFIRSTTIMESTAMP TIMESTAMP, ") + "ZTIMESTAMP TIMESTAMP, ZBUNDLENAME VARCHAR, ZPROCNAME VARCHAR );"
                    + "CREATE TABLE ZLIVEUSAGE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZKIND INTEGER, ZMETADATA INTEGER, "
                    + "ZTAG INTEGER, ZHASPROCESS INTEGER, ZBILLCYCLEEND TIMESTAMP, ZTIMESTAMP TIMESTAMP, ZWIFIIN FLOAT, ZWIFIOUT FLOAT, "
                    + "ZWWANIN FLOAT, ZWWANOUT FLOAT );"
                    + "CREATE INDEX ZLIVEUSAGE_ZHASPROCESS_INDEX ON ZLIVEUSAGE (ZHASPROCESS);"
                    + "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);"
                    + "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)");
            long maxP = 0, maxL = 0;
            for (Proc p : procs) {
                if (legacy) {
                    SqliteFile.insert(c, "INSERT INTO ZPROCESS VALUES (?,?,?,?,?,?)", p.pk(), 7, 1,
                            p.last() == null ? null : SqliteFile.cocoa(p.last()), p.bundle(), p.name());
                } else {
                    SqliteFile.insert(c, "INSERT INTO ZPROCESS VALUES (?,?,?,?,?,?,?)", p.pk(), 7, 1,
                            p.first() == null ? null : SqliteFile.cocoa(p.first()), p.last() == null ? null : SqliteFile.cocoa(p.last()),
                            p.bundle(), p.name());
                }
                maxP = Math.max(maxP, p.pk());
            }
            for (Usage u : usages) {
                SqliteFile.insert(c, "INSERT INTO ZLIVEUSAGE VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", u.pk(), 3, 1, 0, null, null,
                        u.procId(), null, u.time() == null ? null : SqliteFile.cocoa(u.time()),
                        (double) u.wifiIn(), (double) u.wifiOut(), (double) u.wwanIn(), (double) u.wwanOut());
                maxL = Math.max(maxL, u.pk());
            }
            SqliteFile.insert(c, "INSERT INTO Z_PRIMARYKEY VALUES (3, 'LiveUsage', 0, ?)", maxL);
            SqliteFile.insert(c, "INSERT INTO Z_PRIMARYKEY VALUES (7, 'Process', 0, ?)", maxP);
        });
    }

    /**
     * DataUsage.sqlite of the demo phone: Safari and two system daemons, plus Pegasus process
     * names from Amnesty's 2021 NSO indicators: {@code bh} and {@code com.apple.rappo} (the
     * 15-character form iOS keeps of {@code com.apple.rapports.events}); process id 4 deleted,
     * and a usage row of a deleted process 9.
     */
    public static void plantDemo(IosFiles fs) {
        fs.put(DATAUSAGE_PATH, demoDataUsage());
        fs.put(NETUSAGE_PATH, demoNetUsage());
    }

    public static final Instant DEMO_INFECTION = Instant.parse("2023-05-20T08:31:00Z");

    public static byte[] demoDataUsage() {
        return demoDataUsageBuilder().build();
    }

    /** The builder of {@link #demoDataUsage()}, for callers that add rows (benchmarks fill in bulk). */
    public static DataUsageBuilder demoDataUsageBuilder() {
        Instant t0 = Instant.parse("2023-05-01T07:00:00Z");
        return new DataUsageBuilder()
                .process(1, "MobileSafari", "com.apple.mobilesafari", t0, Instant.parse("2023-05-31T18:00:00Z"))
                .process(2, "identityservicesd", "com.apple.identityservicesd", t0, Instant.parse("2023-05-31T18:05:00Z"))
                .process(3, "bh", null, DEMO_INFECTION, DEMO_INFECTION.plusSeconds(60))
                .process(5, "com.apple.rappo", null, DEMO_INFECTION.plusSeconds(90), DEMO_INFECTION.plusSeconds(120))
                .process(6, "mDNSResponder", null, t0, Instant.parse("2023-05-31T18:10:00Z"))
                .usage(1, 1L, Instant.parse("2023-05-31T18:00:00Z"), 50_000_000, 2_000_000, 10_000_000, 500_000)
                .usage(2, 2L, Instant.parse("2023-05-31T18:05:00Z"), 120_000, 80_000, 0, 0)
                .usage(3, 3L, DEMO_INFECTION.plusSeconds(60), 3_400_000, 17_800_000, 0, 0)
                .usage(4, 9L, DEMO_INFECTION.plusSeconds(30), 1_000, 900_000, 0, 0);
    }

    /** netusage.sqlite of the demo phone: {@code roleaccountd} (Pegasus) without bundle id or binary. */
    public static byte[] demoNetUsage() {
        Instant t0 = Instant.parse("2023-05-01T07:00:00Z");
        return new DataUsageBuilder()
                .process(1, "mDNSResponder", null, t0, Instant.parse("2023-05-31T18:10:00Z"))
                .process(2, "roleaccountd", null, DEMO_INFECTION.plusSeconds(100), DEMO_INFECTION.plusSeconds(160))
                .usage(1, 1L, Instant.parse("2023-05-31T18:10:00Z"), 4_000, 3_000, 100, 100)
                .usage(2, 2L, DEMO_INFECTION.plusSeconds(160), 250_000, 9_000_000, 0, 0)
                .build();
    }
}
