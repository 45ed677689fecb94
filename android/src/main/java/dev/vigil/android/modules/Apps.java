package dev.vigil.android.modules;

import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.util.Optional;
import java.util.Set;

/**
 * Shared knowledge about Android apps: indicator checks on package names and certificate
 * hashes (spyware and the stalkerware collections, whose product name comes from the
 * indicator's collection), known rooting packages, installers, and security packages.
 */
public final class Apps {
    private Apps() {}

    /** Packages of rooting tools and root-hiding frameworks (public lists of root managers). */
    public static final Set<String> ROOT_PACKAGES = Set.of(
            "com.topjohnwu.magisk", "eu.chainfire.supersu", "eu.chainfire.supersu.pro", "com.koushikdutta.superuser",
            "com.noshufou.android.su", "com.noshufou.android.su.elite", "com.thirdparty.superuser", "com.yellowes.su",
            "com.kingroot.kinguser", "com.kingo.root", "com.kingouser.com", "com.zhiqupk.root.global",
            "com.smedialink.oneclickroot", "com.alephzain.framaroot", "com.zachspong.temprootremovejb",
            "com.ramdroid.appquarantine", "com.devadvance.rootcloak", "com.devadvance.rootcloakplus",
            "de.robv.android.xposed.installer", "org.lsposed.manager", "com.saurik.substrate", "com.amphoras.hidemyroot",
            "com.amphoras.hidemyrootadfree", "com.formyhm.hiderootPremium", "com.formyhm.hideroot", "me.phh.superuser",
            "io.github.huskydg.magisk", "me.weishu.kernelsu");

    /** The Google Play Store. */
    public static final Set<String> PLAY_STORE = Set.of("com.android.vending");
    /** Other app stores (an app from them did not go through Play Protect's store review). */
    public static final Set<String> THIRD_PARTY_STORES = Set.of("com.sec.android.app.samsungapps", "com.huawei.appmarket",
            "com.amazon.venezia", "com.xiaomi.market", "com.heytap.market", "com.oppo.market", "com.bbk.appstore",
            "org.fdroid.fdroid", "com.aurora.store", "com.apkpure.aegon", "com.uptodown", "com.tencent.android.qqdownloader");
    /** Browsers: an installer here means an APK downloaded and opened from the browser. */
    public static final Set<String> BROWSERS = Set.of("com.android.chrome", "org.mozilla.firefox", "com.opera.browser",
            "com.opera.mini.native", "com.sec.android.app.sbrowser", "com.brave.browser", "com.microsoft.emmx",
            "com.UCMobile.intl", "com.mi.globalbrowser", "com.duckduckgo.mobile.android");
    /** The package installer UI: an APK opened from a file manager, a message or adb. */
    public static final Set<String> PACKAGE_INSTALLERS = Set.of("com.google.android.packageinstaller",
            "com.android.packageinstaller", "com.samsung.android.packageinstaller", "com.miui.packageinstaller",
            "com.android.shell", "adb");
    /** Security and OTA-update packages: disabling them keeps a device unpatched or unmonitored. */
    public static final Set<String> SECURITY_PACKAGES = Set.of("com.policydm", "com.samsung.android.app.omcagent",
            "com.samsung.android.securitylogagent", "com.sec.android.soagent", "com.android.updater",
            "com.google.android.gms", "com.huawei.android.hwouc", "com.lge.lgdmsclient", "com.motorola.ccc.ota",
            "com.oneplus.opbackup", "com.oppo.ota", "com.transsion.systemupdate", "com.wssyncmldm",
            "com.google.android.gsf", "com.android.vending");

    /** Checks a package name against the app-id indicators; true on a match. */
    public static boolean checkAppId(Checker c, Record r, String pkg, String what) {
        if (pkg == null || pkg.isEmpty()) return false;
        Optional<Match> m = c.indicators().appId(pkg);
        if (m.isEmpty()) return false;
        c.ioc(r, m.get(), what + " " + pkg);
        return true;
    }

    /** Checks a certificate hash (any length, colons allowed); true on a match. */
    public static boolean checkCert(Checker c, Record r, String hash, String what) {
        if (hash == null || hash.isEmpty()) return false;
        Optional<Match> m = c.indicators().certHash(hash);
        if (m.isEmpty()) return false;
        c.ioc(r, m.get(), what);
        return true;
    }

    /** MEDIUM alert when a package is a known rooting tool. */
    public static boolean checkRoot(Checker c, Record r, String pkg) {
        if (pkg == null || !ROOT_PACKAGES.contains(pkg)) return false;
        c.alert(Level.MEDIUM, r, "Installed package related to rooting: " + pkg,
                pkg + " is a known root manager or root-hiding tool.",
                "Rooting is often done by the owner; it does not prove an infection, but it removes protections spyware would otherwise face.");
        return true;
    }

    /** The package part of "pkg/.Component", "pkg:process" or a plain name. */
    public static String packageOf(String s) {
        if (s == null) return null;
        String p = s.strip();
        int slash = p.indexOf('/');
        if (slash >= 0) p = p.substring(0, slash);
        int colon = p.indexOf(':');
        if (colon >= 0) p = p.substring(0, colon);
        return p;
    }
}
