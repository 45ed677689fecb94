package dev.vigil.samples.android;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes dumpsys text in the layout Android prints it: "DUMP OF SERVICE name:" sections
 * separated by a line of 79 dashes, each closed by the dumpsys trailer
 * "--------- 0.012s was the duration of dumpsys name, ending at: ...". Section bodies follow
 * the AOSP dump code of Android 12-14 (PackageManagerService, AccessibilityManagerService,
 * AppOpsService, BatteryStatsService, SQLiteDebug, PlatformCompat, AdbService,
 * SettingsProvider). Android 10+ prefixes priority sections with CRITICAL / HIGH.
 */
public final class DumpsysText {
    public static final String SEPARATOR = "-".repeat(79);
    private final StringBuilder out = new StringBuilder();
    private final String endTime;

    public DumpsysText(String endTime) {
        this.endTime = endTime;
    }

    /** The "Currently running services:" preamble of a full {@code dumpsys}. */
    public DumpsysText preamble(List<String> services) {
        out.append("Currently running services:\n");
        for (String s : services) out.append("  ").append(s).append('\n');
        return this;
    }

    public DumpsysText section(String name, String body) {
        return section("", name, body);
    }

    /** A section with a priority prefix ("CRITICAL ", "HIGH ", or ""). */
    public DumpsysText section(String priority, String name, String body) {
        out.append(SEPARATOR).append('\n');
        out.append("DUMP OF SERVICE ").append(priority).append(name).append(":\n");
        out.append(body);
        if (!body.endsWith("\n")) out.append('\n');
        out.append("--------- 0.0").append(Math.abs(name.hashCode() % 90) + 10).append("s was the duration of dumpsys ")
                .append(name).append(", ending at: ").append(endTime).append('\n');
        return this;
    }

    public String text() {
        return out.toString();
    }

    // ------------------------------------------------------------------ section bodies

    /** An installed package for the package section. */
    public record Pkg(String name, int uid, String versionName, long versionCode, String codePath, String firstInstall,
                      String lastUpdate, String installer, List<String> requested, List<String> runtimeGranted,
                      boolean enabled) {}

    /** An intent filter entry (action -> component). */
    public record Filter(String action, String component) {}

    public static String packageSection(List<Pkg> pkgs, List<Filter> activities, List<Filter> receivers) {
        StringBuilder b = new StringBuilder();
        b.append("Database versions:\n  Internal:\n    sdkVersion=34 databaseVersion=3\n")
                .append("    buildFingerprint=google/oriole/oriole:14/UP1A.231105.003/11010452:user/release-keys\n\n");
        b.append("Verifiers:\n  Required: com.android.vending (uid=10137)\n\n");
        b.append("Activity Resolver Table:\n  Full MIME Types:\n      application/vnd.android.package-archive:\n")
                .append("        5b4a1a0 com.google.android.packageinstaller/com.android.packageinstaller.InstallStart filter 2b1c3d4\n")
                .append("          Action: \"android.intent.action.VIEW\"\n\n");
        resolver(b, activities);
        b.append("Receiver Resolver Table:\n");
        resolver(b, receivers);
        b.append("Packages:\n");
        int h = 0x1a2b3c;
        for (Pkg p : pkgs) {
            h += 0x1111;
            b.append("  Package [").append(p.name()).append("] (").append(Integer.toHexString(h)).append("):\n");
            b.append("    appId=").append(p.uid()).append('\n');
            b.append("    pkg=Package{").append(Integer.toHexString(h + 7)).append(' ').append(p.name()).append("}\n");
            b.append("    codePath=").append(p.codePath()).append('\n');
            b.append("    resourcePath=").append(p.codePath()).append('\n');
            b.append("    legacyNativeLibraryDir=").append(p.codePath()).append("/lib\n");
            b.append("    versionCode=").append(p.versionCode()).append(" minSdk=26 targetSdk=33\n");
            b.append("    versionName=").append(p.versionName()).append('\n');
            b.append("    flags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ALLOW_BACKUP ]\n");
            b.append("    timeStamp=").append(p.lastUpdate()).append('\n');
            b.append("    firstInstallTime=").append(p.firstInstall()).append('\n');
            b.append("    lastUpdateTime=").append(p.lastUpdate()).append('\n');
            if (p.installer() != null) b.append("    installerPackageName=").append(p.installer()).append('\n');
            b.append("    signatures=PackageSignatures{").append(Integer.toHexString(h + 3)).append(" version:2, signatures:[")
                    .append(Integer.toHexString(h * 31)).append("], past signatures:[]}\n");
            if (!p.requested().isEmpty()) {
                b.append("    requested permissions:\n");
                for (String r : p.requested()) b.append("      ").append(r).append('\n');
            }
            b.append("    install permissions:\n      android.permission.INTERNET: granted=true\n");
            b.append("    User 0: ceDataInode=").append(100000 + p.uid()).append(" installed=true hidden=false suspended=false distractionFlags=0 stopped=false notLaunched=false enabled=")
                    .append(p.enabled() ? 0 : 2).append(" instant=false virtual=false\n");
            if (!p.runtimeGranted().isEmpty()) {
                b.append("      runtime permissions:\n");
                for (String r : p.runtimeGranted()) b.append("        ").append(r).append(": granted=true, flags=[ USER_SET|USER_SENSITIVE_WHEN_GRANTED|USER_SENSITIVE_WHEN_DENIED]\n");
            }
        }
        b.append("\nHidden system packages:\n");
        return b.toString();
    }

    private static void resolver(StringBuilder b, List<Filter> filters) {
        b.append("  Non-Data Actions:\n");
        String last = null;
        int h = 0x3c2d10;
        for (Filter f : filters) {
            if (!f.action().equals(last)) {
                b.append("      ").append(f.action()).append(":\n");
                last = f.action();
            }
            h += 0x101;
            b.append("        ").append(Integer.toHexString(h)).append(' ').append(f.component()).append(" filter ")
                    .append(Integer.toHexString(h * 3)).append('\n');
            b.append("          Action: \"").append(f.action()).append("\"\n");
        }
        b.append('\n');
    }

    /** Android 14 layout: installed services listed, enabled ones in "Enabled services:{{...}}". */
    public static String accessibilitySection(List<String> installed, List<String> enabled) {
        StringBuilder b = new StringBuilder();
        b.append("ACCESSIBILITY MANAGER (dumpsys accessibility)\n\ncurrentUserId=0\nhasWindowMagnificationConnection=false\n");
        b.append("User state[\n    attributes:{id=0, touchExplorationEnabled=false, serviceHandlesDoubleTap=false}\n");
        b.append("    installed services: {\n");
        for (int i = 0; i < installed.size(); i++) b.append("      ").append(i).append(" : ").append(installed.get(i)).append('\n');
        b.append("    }\n    Bound services:{}\n    Enabled services:{");
        List<String> e = new ArrayList<>();
        for (String s : enabled) e.add("{" + s + "}");
        b.append(String.join(", ", e)).append("}\n    Binding services:{}\n    Crashed services:{}\n]\n");
        return b.toString();
    }

    /** An app-op of a package with one access time ("yyyy-MM-dd HH:mm:ss.SSS"). */
    public record Op(int uidApp, String pkg, String op, String mode, String accessTime) {}

    public static String appopsSection(List<Op> ops) {
        StringBuilder b = new StringBuilder();
        b.append("Current AppOps Service state:\n  Settings:\n    top_state_settle_time=+5s0ms\n\n");
        b.append("  Uid 0:\n    state=pers\n    Package root:\n      MANAGE_IPSEC_TUNNELS (deny):\n\n");
        String lastUid = null, lastPkg = null;
        for (Op o : ops) {
            String uid = o.uidApp() < 10000 ? String.valueOf(o.uidApp()) : "u0a" + (o.uidApp() - 10000);
            if (!uid.equals(lastUid)) {
                b.append("  Uid ").append(uid).append(":\n    state=cch\n");
                lastUid = uid;
                lastPkg = null;
            }
            if (!o.pkg().equals(lastPkg)) {
                b.append("    Package ").append(o.pkg()).append(":\n");
                lastPkg = o.pkg();
            }
            b.append("      ").append(o.op()).append(" (").append(o.mode()).append("):\n");
            if (o.accessTime() != null) {
                b.append("        null=[\n          Access: [fg-s] ").append(o.accessTime()).append(" (-3d2h1m0s12ms)\n        ]\n");
            }
        }
        b.append('\n');
        return b.toString();
    }

    /** A daily record: period "2024-11-18-02-14-10" to ..., and "pkg=vers" updates. */
    public record Daily(String from, String to, List<String> updates) {}

    public static String batterystatsSection(List<Daily> daily, List<String> historyLines) {
        StringBuilder b = new StringBuilder();
        b.append("Battery History (2% used, 97KB used of 4096KB, 512 strings using 40KB):\n");
        b.append("                    0 (15) RESET:TIME: 2024-11-19-22-01-10\n");
        for (String l : historyLines) b.append("           ").append(l).append('\n');
        b.append("\nPer-PID Stats:\n  PID 1234 wake time: +1s200ms\n\n");
        b.append("Daily stats:\n  Current start time: 2024-11-20-02-14-10\n  Next min deadline: 2024-11-21-01-00-00\n");
        for (Daily d : daily) {
            b.append("  Daily from ").append(d.from()).append(" to ").append(d.to()).append(":\n");
            for (String u : d.updates()) {
                int eq = u.indexOf('=');
                b.append("    Update ").append(u, 0, eq).append(" vers=").append(u.substring(eq + 1)).append('\n');
            }
        }
        b.append("\nStatistics since last charge:\n  System starts: 0, currently on battery: false\n");
        return b.toString();
    }

    /** A dbinfo pool with operations "time|pid|action|sql". */
    public static String dbinfoSection(String path, List<String[]> ops) {
        StringBuilder b = new StringBuilder();
        b.append("Applications Database Info:\n\n** Database info for pid 4321 [com.example] **\n\n");
        b.append("Connection pool for ").append(path).append(":\n  Open: true\n  Max connections: 1\n  Total execution time: 12\n");
        b.append("  Configuration: openFlags=805306368, isLegacyCompatibilityWalEnabled=false, journalMode=WAL, syncMode=NORMAL\n");
        b.append("  Available primary connection:\n    Connection #0:\n      isPrimaryConnection: true\n      onlyAllowReadOnlyOperations: false\n");
        b.append("      Most recently executed operations:\n");
        int i = 0;
        for (String[] o : ops) {
            b.append("        ").append(i++).append(": [").append(o[0]).append("] [Pid:(").append(o[1]).append(")]").append(o[2])
                    .append(" took 0ms - succeeded, sql=\"").append(o[3]).append("\", path=").append(path).append('\n');
        }
        b.append("\n");
        return b.toString();
    }

    public static String platformCompatSection(List<String> overridden) {
        StringBuilder b = new StringBuilder("ChangeId(143937733; name=FORCE_NON_RESIZE_APP; disabled)\n");
        b.append("ChangeId(168419799; name=DOWNSCALED; disabled; overridable; rawOverrides={");
        List<String> e = new ArrayList<>();
        for (String p : overridden) e.add(p + "=PackageOverride(enabled=true)");
        b.append(String.join(", ", e)).append("}; )\n");
        b.append("ChangeId(174042980; name=OVERRIDE_CAMERA_ROTATE_AND_CROP; disabled; overridable)\n");
        return b.toString();
    }

    /** Android 11+ AdbService dump (DualDumpOutputStream text form) with trusted keys "base64 user@host". */
    public static String adbSection(List<String> userKeys) {
        StringBuilder b = new StringBuilder("ADB MANAGER STATE (dumpsys adb):\n{\n  debugging_manager={\n");
        b.append("    connected_to_adb=true\n    last_key_received=").append(userKeys.isEmpty() ? "" : userKeys.get(0).split(" ")[0]).append('\n');
        b.append("    user_keys=");
        for (int i = 0; i < userKeys.size(); i++) b.append(i == 0 ? "" : "    ").append(userKeys.get(i)).append('\n');
        b.append("\n    keystore=<?xml version='1.0' encoding='utf-8' standalone='yes' ?><keyStore version=\"1\"></keyStore>\n  }\n}\n");
        return b.toString();
    }

    /** DevicePolicyManagerService dump (Android 12-14) with the given active admin components. */
    public static String devicePolicySection(List<String> admins) {
        StringBuilder b = new StringBuilder("Current Device Policy Manager state:\n  Immutable state:\n    mHasFeature=true\n    mIsWatch=false\n\n");
        b.append("  Enabled Device Admins (User 0, provisioningState: 0):\n");
        for (String a : admins) {
            b.append("    ").append(a).append(":\n      uid=10234\n      testOnlyAdmin=false\n      policies:\n        wipe-data\n        force-lock\n")
                    .append("      passwordQuality=0x0\n");
        }
        b.append("    mPasswordOwner=-1\n\n  Constants:\n    DAS_DIED_SERVICE_RECONNECT_BACKOFF_SEC: 3600\n");
        return b.toString();
    }

    /** SettingsProvider dump rows "ns|name|value". */
    public static String settingsSection(List<String[]> rows) {
        StringBuilder b = new StringBuilder();
        String ns = null;
        int id = 1;
        for (String[] r : rows) {
            if (!r[0].equals(ns)) {
                if (ns != null) b.append('\n');
                b.append(r[0].toUpperCase(java.util.Locale.ROOT)).append(" SETTINGS (user 0)\n");
                ns = r[0];
            }
            b.append("_id:").append(id++).append(" name:").append(r[1]).append(" pkg:android value:").append(r[2])
                    .append(" default:").append(r[2]).append(" defaultSystemSet:true\n");
        }
        b.append('\n');
        return b.toString();
    }
}
