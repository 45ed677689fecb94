package dev.vigil.samples.android;

import java.util.List;

/**
 * The demo Android phone (a Pixel 6 on Android 14, acquired 2024-11-20) with planted public
 * indicators:
 * <ul>
 * <li>NoviSpy (Amnesty, 2024-12-16_serbia_novispy/novispy.stix2): app id
 *     {@value #NOVISPY_APP} installed without a store, with an enabled accessibility service;
 *     app id {@value #NOVISPY_OLD_APP} remembered by platform_compat; signing certificate
 *     SHA-256 {@value #NOVISPY_CERT} claimed in packages.json for it.</li>
 * <li>ResidentBat (mvt-indicators/ResidentBat): app id {@value #RESIDENTBAT_APP}, uninstalled
 *     (battery daily vers=0).</li>
 * <li>Amnesty 2023-03-29_android_campaign (malware.stix2): android property
 *     {@value #CAMPAIGN_PROPERTY}, file {@value #CAMPAIGN_FILE}, domain {@value #CAMPAIGN_DOMAIN}
 *     in an SMS link.</li>
 * <li>Echap stalkerware-indicators (ioc.yaml), TheTruthSpy: package {@value #STALKERWARE_APP}
 *     installed from Chrome with REQUEST_INSTALL_PACKAGES, website {@value #STALKERWARE_SITE}
 *     in an SMS.</li>
 * </ul>
 */
public final class DemoAndroid {
    public static final String NOVISPY_APP = "com.serv.services";
    public static final String NOVISPY_OLD_APP = "com.li.activity";
    public static final String NOVISPY_CERT = "3ac97735164824657b683e805133b1274b2dedabf9fdd6aa9aca31089d501e64";
    public static final String RESIDENTBAT_APP = "com.google.bat";
    public static final String CAMPAIGN_PROPERTY = "sys.brand.note";
    public static final String CAMPAIGN_FILE = "/data/local/tmp/dropbox";
    public static final String CAMPAIGN_DOMAIN = "automatedrelax.org";
    public static final String STALKERWARE_APP = "com.thetruth";
    public static final String STALKERWARE_SITE = "copy9.com";

    public static final String DEVICE_TIME = "2024-11-20 10:00:12";
    public static final String ACQUIRED = "2024-11-20T10:00:00Z";
    public static final String FINGERPRINT = "google/oriole/oriole:14/UP1A.231105.003/11010452:user/release-keys";
    public static final String SECURITY_PATCH = "2023-11-05";

    private DemoAndroid() {}

    public static List<DumpsysText.Pkg> packages() {
        return List.of(
                new DumpsysText.Pkg("com.android.settings", 1000, "14", 34, "/system_ext/priv-app/Settings", "2009-01-01 00:00:00",
                        "2009-01-01 00:00:00", null, List.of("android.permission.WRITE_SETTINGS"), List.of(), true),
                new DumpsysText.Pkg("com.whatsapp", 10171, "2.24.23.78", 242378000, "/data/app/~~aa1==/com.whatsapp-bb1==",
                        "2024-01-10 09:12:00", "2024-11-02 21:03:44", "com.android.vending",
                        List.of("android.permission.READ_CONTACTS", "android.permission.RECORD_AUDIO"), List.of("android.permission.READ_CONTACTS"), true),
                new DumpsysText.Pkg(NOVISPY_APP, 10234, "1.0", 1, "/data/app/~~cc2==/" + NOVISPY_APP + "-dd2==",
                        "2024-11-18 23:41:07", "2024-11-18 23:41:07", null,
                        List.of("android.permission.READ_SMS", "android.permission.READ_CALL_LOG", "android.permission.ACCESS_FINE_LOCATION",
                                "android.permission.RECORD_AUDIO", "android.permission.BIND_ACCESSIBILITY_SERVICE"),
                        List.of("android.permission.READ_SMS", "android.permission.READ_CALL_LOG", "android.permission.ACCESS_FINE_LOCATION"), true),
                new DumpsysText.Pkg(STALKERWARE_APP, 10240, "7.1", 71, "/data/app/~~ee3==/" + STALKERWARE_APP + "-ff3==",
                        "2024-11-19 08:15:30", "2024-11-19 08:15:30", "com.android.chrome",
                        List.of("android.permission.READ_SMS", "android.permission.REQUEST_INSTALL_PACKAGES"), List.of("android.permission.READ_SMS"), true),
                new DumpsysText.Pkg("com.topjohnwu.magisk", 10250, "27.0", 27000, "/data/app/~~gg4==/com.topjohnwu.magisk-hh4==",
                        "2024-06-01 12:00:00", "2024-06-01 12:00:00", "com.google.android.packageinstaller", List.of(), List.of(), true));
    }

    public static String packageSection() {
        return DumpsysText.packageSection(packages(),
                List.of(new DumpsysText.Filter("android.intent.action.MAIN", "com.android.settings/.Settings"),
                        new DumpsysText.Filter("android.intent.action.MAIN", "com.whatsapp/.Main"),
                        new DumpsysText.Filter("android.intent.action.MAIN", NOVISPY_APP + "/.MainActivity")),
                List.of(new DumpsysText.Filter("android.provider.Telephony.SMS_RECEIVED", NOVISPY_APP + "/.SmsReceiver"),
                        new DumpsysText.Filter("android.provider.Telephony.SMS_RECEIVED", "com.google.android.apps.messaging/.SmsReceiver"),
                        new DumpsysText.Filter("android.intent.action.BOOT_COMPLETED", STALKERWARE_APP + "/.BootReceiver")));
    }

    /** A trusted adb public key line ("base64 user@host"); the key bytes are a fixed test value. */
    public static final String ADB_KEY = java.util.Base64.getEncoder().encodeToString(
            "vigil demo adb public key bytes, not a real RSA key".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            + " analyst@forensics-laptop";

    /** The full dumpsys text (AndroidQF's dumpsys.txt, and the DUMPSYS part of the bugreport). */
    public static String dumpsys() {
        return body(new DumpsysText(DEVICE_TIME).preamble(List.of("accessibility", "adb", "appops", "batterystats", "dbinfo", "device_policy",
                "package", "platform_compat", "settings"))).text();
    }

    static DumpsysText body(DumpsysText d) {
        return d.section("accessibility", DumpsysText.accessibilitySection(
                        List.of("com.google.android.marvin.talkback/com.google.android.marvin.talkback.TalkBackService", NOVISPY_APP + "/.AccService"),
                        List.of(NOVISPY_APP + "/.AccService")))
                .section("adb", DumpsysText.adbSection(List.of(ADB_KEY)))
                .section("appops", DumpsysText.appopsSection(List.of(
                        new DumpsysText.Op(2000, "com.android.shell", "REQUEST_INSTALL_PACKAGES", "allow", "2024-11-18 23:40:55.120"),
                        new DumpsysText.Op(10171, "com.whatsapp", "CAMERA", "allow", "2024-11-19 12:00:01.000"),
                        new DumpsysText.Op(10240, STALKERWARE_APP, "REQUEST_INSTALL_PACKAGES", "allow", "2024-11-19 08:16:02.331"))))
                .section("batterystats", DumpsysText.batterystatsSection(List.of(
                                new DumpsysText.Daily("2024-11-18-02-14-10", "2024-11-19-02-14-10",
                                        List.of("com.whatsapp=242377000", RESIDENTBAT_APP + "=12", "com.android.chrome=650000000")),
                                new DumpsysText.Daily("2024-11-19-02-14-10", "2024-11-20-02-14-10",
                                        List.of("com.whatsapp=242378000", RESIDENTBAT_APP + "=0", "com.android.chrome=640000000"))),
                        List.of("+1m02s003ms (2) 100 +job=u0a234:\"" + NOVISPY_APP + "/.SyncJob\"",
                                "+1m05s120ms (2) 100 -job=u0a234:\"" + NOVISPY_APP + "/.SyncJob\"",
                                "+2m10s000ms (2) 099 +top=u0a171:\"com.whatsapp\"")))
                .section("device_policy", DumpsysText.devicePolicySection(List.of(NOVISPY_APP + "/.AdminReceiver")))
                .section("dbinfo", DumpsysText.dbinfoSection("/data/user/0/" + NOVISPY_APP + "/databases/cache.db", List.of(
                        new String[] {"2024-11-19 10:01:02.003", "6123", "executeForCursorWindow", "SELECT * FROM msgs"},
                        new String[] {"2024-11-19 10:01:03.004", "6123", "executeForChangedRowCount", "DELETE FROM msgs"})))
                .section("HIGH ", "package", packageSection())
                .section("platform_compat", DumpsysText.platformCompatSection(List.of("com.whatsapp", NOVISPY_OLD_APP)))
                .section("settings", DumpsysText.settingsSection(List.of(
                        new String[] {"global", "adb_enabled", "1"}, new String[] {"global", "package_verifier_enable", "0"},
                        new String[] {"global", "stay_on_while_plugged_in", "0"},
                        new String[] {"secure", "install_non_market_apps", "1"}, new String[] {"secure", "android_id", "9a8b7c6d5e4f3a2b"},
                        new String[] {"system", "screen_brightness", "102"})));
    }

    /** getprop output lines. */
    public static String getprop() {
        return String.join("\n",
                "[dalvik.vm.heapsize]: [512m]",
                "[gsm.sim.operator.alpha]: [Telenor]",
                "[persist.sys.timezone]: [Europe/Belgrade]",
                "[ro.build.fingerprint]: [" + FINGERPRINT + "]",
                "[ro.build.version.release]: [14]",
                "[ro.build.version.sdk]: [34]",
                "[ro.build.version.security_patch]: [" + SECURITY_PATCH + "]",
                "[ro.product.model]: [Pixel 6]",
                "[" + CAMPAIGN_PROPERTY + "]: [1]") + "\n";
    }

    public static List<Tombstone> tombstones() {
        return List.of(
                new Tombstone(FINGERPRINT, "2024-11-18 23:41:30.518290770+0100", 1588, 1602, 1000, "binder:1588_3",
                        "system_server", 11, "SIGSEGV", 1, "SEGV_MAPERR", null),
                new Tombstone(FINGERPRINT, "2024-11-19 07:02:11.000000000+0100", 6123, 6130, 10234, NOVISPY_APP + ":remote",
                        NOVISPY_APP + ":remote", 6, "SIGABRT", -1, "SI_QUEUE", "stack corruption detected"),
                new Tombstone(FINGERPRINT, "2024-11-19 09:30:00.000000000+0100", 812, 812, 10171, "com.whatsapp",
                        "com.whatsapp", 6, "SIGABRT", -6, "SI_TKILL", "JNI DETECTED ERROR"));
    }
}
