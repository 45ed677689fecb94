package dev.vigil.samples.ios.backup;

import java.util.List;

/**
 * Where a file of the phone goes in a backup: the inverse of the reader's domain mapping,
 * written separately so that a bug on one side is not cancelled by the same bug on the
 * other. Follows MobileBackup's domains as in iOS 10 to 17 backups.
 */
public final class BackupLayout {
    /** A backup entry name. */
    public record Name(String domain, String relativePath) {}

    private record Container(String root, String domainPrefix) {}

    private record Fixed(String root, String domain) {}

    private static final List<Container> CONTAINERS = List.of(
            new Container("private/var/mobile/Containers/Data/Application/", "AppDomain-"),
            new Container("private/var/mobile/Containers/Shared/AppGroup/", "AppDomainGroup-"),
            new Container("private/var/mobile/Containers/Data/PluginKitPlugin/", "AppDomainPlugin-"),
            new Container("private/var/containers/Data/System/", "SysContainerDomain-"),
            new Container("private/var/containers/Shared/SystemGroup/", "SysSharedContainerDomain-"));

    /** Most specific first. */
    private static final List<Fixed> FIXED = List.of(
            new Fixed("private/var/mobile/Media/DCIM/", "CameraRollDomain"),
            new Fixed("private/var/mobile/Media/PhotoData/", "CameraRollDomain"),
            new Fixed("private/var/mobile/Library/Health/", "HealthDomain"),
            new Fixed("private/var/mobile/Media/", "MediaDomain"),
            new Fixed("private/var/mobile/", "HomeDomain"),
            new Fixed("private/var/root/", "RootDomain"),
            new Fixed("private/var/preferences/", "SystemPreferencesDomain"),
            new Fixed("private/var/wireless/", "WirelessDomain"),
            new Fixed("private/var/MobileDevice/", "MobileDeviceDomain"),
            new Fixed("private/var/Keychains/", "KeychainDomain"),
            new Fixed("private/var/db/", "DatabaseDomain"),
            new Fixed("private/var/Managed Preferences/", "ManagedPreferencesDomain"),
            new Fixed("private/var/protected/", "ProtectedDomain"),
            new Fixed("private/var/installd/", "InstallDomain"),
            new Fixed("private/var/networkd/", "NetworkDomain"));

    private BackupLayout() {}

    /** The backup name of a phone file, or null when backups do not hold it (system files, app bundles). */
    public static Name of(String logicalPath) {
        String p = logicalPath.startsWith("/") ? logicalPath.substring(1) : logicalPath;
        for (Container c : CONTAINERS) {
            if (p.startsWith(c.root())) {
                String rest = p.substring(c.root().length());
                int slash = rest.indexOf('/');
                if (slash <= 0) return null;
                return new Name(c.domainPrefix() + rest.substring(0, slash), rest.substring(slash + 1));
            }
        }
        for (Fixed f : FIXED) {
            if (p.startsWith(f.root())) {
                String rel = p.substring(f.root().length());
                if (f.domain().equals("CameraRollDomain") || f.domain().equals("MediaDomain")) rel = p.substring("private/var/mobile/".length());
                if (f.domain().equals("HealthDomain")) rel = p.substring("private/var/mobile/Library/".length());
                return rel.isEmpty() ? null : new Name(f.domain(), rel);
            }
        }
        return null;
    }
}
