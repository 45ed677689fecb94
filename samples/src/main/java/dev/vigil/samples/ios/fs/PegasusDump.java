package dev.vigil.samples.ios.fs;

import dev.vigil.samples.ios.DemoPhone;
import dev.vigil.samples.ios.IosFiles;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A filesystem dump of the demo iPhone (iOS 16.5, build 20F66) with Pegasus-like traces
 * planted from public indicators (Amnesty's 2021 NSO Pegasus STIX2): a Mach-O program named
 * after the Pegasus process {@code rolexd} under
 * {@code /private/var/db/com.apple.xpc.roleaccountd.staging/}, a shutdown log listing it at
 * shutdown after delayed reboots, a Safari {@code Cache.db} with a Pegasus domain, and
 * WebKit website data of Pegasus domains.
 */
public final class PegasusDump {
    public static final String STAGING = "private/var/db/com.apple.xpc.roleaccountd.staging/";
    public static final String IMPLANT = STAGING + "rolexd";
    public static final String SAFARI_APP = "private/var/mobile/Containers/Data/Application/5D5E8D4C-1F1B-4E5A-9D1E-3C2B1A0F9E8D/";
    public static final String OTHER_APP = "private/var/mobile/Containers/Data/Application/A1B2C3D4-0000-4000-8000-111122223333/";
    public static final String CACHE_DB = SAFARI_APP + "Library/Caches/com.apple.mobilesafari/Cache.db";
    /** Pegasus domains from the public indicators. */
    public static final String DOMAIN_CACHE = "weather4free.com";
    public static final String DOMAIN_INDEXEDDB = "smscentro.com";
    public static final String DOMAIN_LOCALSTORAGE = "tookcheckout.com";

    private PegasusDump() {}

    /** The demo phone with the planted traces. */
    public static IosFiles build() throws IOException {
        IosFiles fs = DemoPhone.build();
        plant(fs);
        return fs;
    }

    /** A minimal arm64 Mach-O header (MH_MAGIC_64, CPU_TYPE_ARM64, MH_EXECUTE) padded to 4 KiB. */
    public static byte[] machO() {
        byte[] b = new byte[4096];
        byte[] h = {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe, 0x0c, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00};
        System.arraycopy(h, 0, b, 0, h.length);
        return b;
    }

    public static void plant(IosFiles fs) throws IOException {
        Instant t = IosFiles.DEFAULT_TIME;
        fs.put("System/Library/CoreServices/SystemVersion.plist", """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0"><dict><key>ProductBuildVersion</key><string>20F66</string><key>ProductName</key><string>iPhone OS</string><key>ProductVersion</key><string>16.5</string></dict></plist>
                """);
        fs.put("private/var/mobile/Library/Preferences/com.apple.Preferences.plist", "<plist version=\"1.0\"><dict/></plist>\n");
        fs.put("private/var/db/diagnostics/Persist/0000000000000001.tracev3", new byte[512]);
        fs.put(IMPLANT, machO(), t.minusSeconds(86400 * 3));
        fs.put(STAGING + "com.apple.rolexd.plist", "<plist version=\"1.0\"><dict/></plist>\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), t.minusSeconds(86400 * 3));
        fs.put("private/var/db/diagnostics/shutdown.log", ShutdownLogs.headerIndented(demoShutdowns("/" + IMPLANT)));
        fs.put(CACHE_DB, CacheDb.build(List.of(
                new CacheDb.Row("https://www.apple.com/", "2023-05-28 09:00:00"),
                new CacheDb.Row("https://" + DOMAIN_CACHE + "/4f2a1b/index.html", "2023-05-29 21:14:07"),
                new CacheDb.Row("https://en.wikipedia.org/wiki/Main_Page", "2023-05-30 08:30:00"))));
        String wk = OTHER_APP + "Library/WebKit/WebsiteData/";
        fs.put(wk + "IndexedDB/https_" + DOMAIN_INDEXEDDB + "_0/IndexedDB.sqlite3", sqliteHeader());
        fs.put(wk + "IndexedDB/https_www.example.org_0/IndexedDB.sqlite3", sqliteHeader());
        fs.put(wk + "LocalStorage/https_" + DOMAIN_LOCALSTORAGE + "_0.localstorage", sqliteHeader());
        fs.put(wk + "LocalStorage/https_www.example.org_0.localstorage", sqliteHeader());
        fs.put(wk + "LocalStorage/http_localhost_8080.localstorage", sqliteHeader());
        String svs = OTHER_APP + "SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData/";
        fs.put(svs + "LocalStorage/https_" + DOMAIN_CACHE + "_0.localstorage", sqliteHeader());
        fs.put(svs + "IndexedDB/https_news.example.com_0/IndexedDB.sqlite3", sqliteHeader());
    }

    static byte[] sqliteHeader() {
        byte[] b = new byte[100];
        byte[] m = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, b, 0, m.length);
        return b;
    }

    /**
     * Three shutdowns: a quick one, one delayed by four "still here" notices with the implant
     * among the clients (the iShutdown pattern), and a normal one a month later.
     */
    public static List<ShutdownLogs.Shutdown> demoShutdowns(String implantPath) {
        var springboard = new ShutdownLogs.Client(51, "/System/Library/CoreServices/SpringBoard.app/SpringBoard");
        var locationd = new ShutdownLogs.Client(87, "/usr/libexec/locationd");
        var implant = new ShutdownLogs.Client(412, implantPath);
        return List.of(
                new ShutdownLogs.Shutdown(Instant.parse("2023-05-02T08:00:00Z"), List.of(
                        new ShutdownLogs.Notice(0.51, List.of(springboard)))),
                new ShutdownLogs.Shutdown(Instant.parse("2023-05-29T22:10:00Z"), List.of(
                        new ShutdownLogs.Notice(0.50, List.of(springboard, locationd, implant)),
                        new ShutdownLogs.Notice(1.01, List.of(locationd, implant)),
                        new ShutdownLogs.Notice(1.52, List.of(implant)),
                        new ShutdownLogs.Notice(2.03, List.of(implant)))),
                new ShutdownLogs.Shutdown(Instant.parse("2023-06-10T07:00:00Z"), List.of(
                        new ShutdownLogs.Notice(0.49, List.of(locationd)))));
    }
}
