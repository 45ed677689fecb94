package dev.vigil.ios.backup;

import java.util.Map;

/**
 * Where the files of an iTunes/Finder backup lived on the phone. A backup names each file by
 * a domain and a path relative to that domain's root; this class maps the pair to the
 * logical path the file had on the phone ({@code HomeDomain} + {@code Library/SMS/sms.db}
 * becomes {@code private/var/mobile/Library/SMS/sms.db}), so that one artifact module serves
 * backups and filesystem dumps alike.
 *
 * <p>The roots follow MobileBackup's domain layout as documented by the public backup tools
 * (iOS 10 to current): app containers are named by bundle id in a backup, where the phone
 * uses a UUID, so {@code AppDomain-com.example} maps to
 * {@code private/var/mobile/Containers/Data/Application/com.example}. Unknown domains are
 * kept under {@code backup/domains/<domain>/} so that nothing in the backup is hidden.
 */
public final class BackupDomains {
    private static final String VAR = "private/var/";

    /** Domains with a fixed root. */
    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("HomeDomain", VAR + "mobile"),
            Map.entry("CameraRollDomain", VAR + "mobile"),
            Map.entry("MediaDomain", VAR + "mobile"),
            Map.entry("TonesDomain", VAR + "mobile"),
            Map.entry("KeyboardDomain", VAR + "mobile"),
            Map.entry("HomeKitDomain", VAR + "mobile"),
            Map.entry("HealthDomain", VAR + "mobile/Library"),
            Map.entry("BooksDomain", VAR + "mobile/Media/Books"),
            Map.entry("RootDomain", VAR + "root"),
            Map.entry("SystemPreferencesDomain", VAR + "preferences"),
            Map.entry("WirelessDomain", VAR + "wireless"),
            Map.entry("MobileDeviceDomain", VAR + "MobileDevice"),
            Map.entry("KeychainDomain", VAR + "Keychains"),
            Map.entry("DatabaseDomain", VAR + "db"),
            Map.entry("ManagedPreferencesDomain", VAR + "Managed Preferences"),
            Map.entry("ProtectedDomain", VAR + "protected"),
            Map.entry("InstallDomain", VAR + "installd"),
            Map.entry("NetworkDomain", VAR + "networkd"));

    /** Domain prefixes followed by a container identifier ({@code AppDomain-com.example}). */
    private static final Map<String, String> CONTAINERS = Map.of(
            "AppDomain-", VAR + "mobile/Containers/Data/Application",
            "AppDomainGroup-", VAR + "mobile/Containers/Shared/AppGroup",
            "AppDomainPlugin-", VAR + "mobile/Containers/Data/PluginKitPlugin",
            "SysContainerDomain-", VAR + "containers/Data/System",
            "SysSharedContainerDomain-", VAR + "containers/Shared/SystemGroup");

    /** Root of domains this class does not know. */
    public static final String UNKNOWN_ROOT = "backup/domains";

    private BackupDomains() {}

    /** The logical root of a domain (no trailing "/"), or null when the domain name is unusable. */
    public static String root(String domain) {
        if (domain == null || domain.isEmpty() || !safeSegment(domain)) return null;
        String fixed = FIXED.get(domain);
        if (fixed != null) return fixed;
        for (var e : CONTAINERS.entrySet()) {
            if (domain.startsWith(e.getKey())) {
                String id = domain.substring(e.getKey().length());
                return id.isEmpty() ? null : e.getValue() + "/" + id;
            }
        }
        return UNKNOWN_ROOT + "/" + domain;
    }

    /** True when the domain is one this class maps to a place on the phone. */
    public static boolean known(String domain) {
        String r = root(domain);
        return r != null && !r.startsWith(UNKNOWN_ROOT + "/");
    }

    /**
     * The logical path of a backup entry, or null when the entry cannot be named safely (a
     * ".." or empty segment, a control character: evidence is hostile). An empty relative
     * path names the domain root itself.
     */
    public static String logicalPath(String domain, String relativePath) {
        return underRoot(root(domain), relativePath);
    }

    /** {@link #logicalPath(String, String)} with the domain's {@link #root} already known (callers cache it per domain). */
    public static String underRoot(String root, String relativePath) {
        if (root == null) return null;
        String rel = relativePath == null ? "" : relativePath;
        int from = 0, to = rel.length();
        while (from < to && rel.charAt(from) == '/') from++;
        while (to > from && rel.charAt(to - 1) == '/') to--;
        if (from == to) return root;
        // every segment safe, checked in place
        int segStart = from;
        for (int i = from; i <= to; i++) {
            char c = i < to ? rel.charAt(i) : '/';
            if (c == '/') {
                int len = i - segStart;
                if (len == 0 || len > 1024 || len == 1 && rel.charAt(segStart) == '.'
                        || len == 2 && rel.charAt(segStart) == '.' && rel.charAt(segStart + 1) == '.') return null;
                segStart = i + 1;
            } else if (c < 0x20 || c == 0x7f) {
                return null;
            }
        }
        return root + "/" + (from == 0 && to == rel.length() ? rel : rel.substring(from, to));
    }

    private static boolean safeSegment(String s) {
        if (s.isEmpty() || s.equals(".") || s.equals("..") || s.length() > 1024) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/') return false;
        }
        return true;
    }
}
