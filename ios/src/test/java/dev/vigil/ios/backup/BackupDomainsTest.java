package dev.vigil.ios.backup;

import dev.vigil.samples.ios.backup.BackupLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BackupDomainsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HomeDomain|Library/SMS/sms.db|private/var/mobile/Library/SMS/sms.db",
        "CameraRollDomain|Media/DCIM/100APPLE/IMG_0001.HEIC|private/var/mobile/Media/DCIM/100APPLE/IMG_0001.HEIC",
        "MediaDomain|Media/Recordings/a.m4a|private/var/mobile/Media/Recordings/a.m4a",
        "AppDomain-net.whatsapp.WhatsApp|Documents/x|private/var/mobile/Containers/Data/Application/net.whatsapp.WhatsApp/Documents/x",
        "AppDomainGroup-group.net.whatsapp.WhatsApp.shared|ChatStorage.sqlite|private/var/mobile/Containers/Shared/AppGroup/group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite",
        "AppDomainPlugin-com.apple.x.ext|Library/a|private/var/mobile/Containers/Data/PluginKitPlugin/com.apple.x.ext/Library/a",
        "SysContainerDomain-com.apple.geod|Library/a|private/var/containers/Data/System/com.apple.geod/Library/a",
        "SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles|Library/ConfigurationProfiles/MCProfileEvents.plist|private/var/containers/Shared/SystemGroup/systemgroup.com.apple.configurationprofiles/Library/ConfigurationProfiles/MCProfileEvents.plist",
        "RootDomain|Library/Caches/locationd/cache.plist|private/var/root/Library/Caches/locationd/cache.plist",
        "SystemPreferencesDomain|SystemConfiguration/preferences.plist|private/var/preferences/SystemConfiguration/preferences.plist",
        "WirelessDomain|Library/Databases/DataUsage.sqlite|private/var/wireless/Library/Databases/DataUsage.sqlite",
        "MobileDeviceDomain|ProvisioningProfiles/a.mobileprovision|private/var/MobileDevice/ProvisioningProfiles/a.mobileprovision",
        "KeychainDomain|keychain-backup.plist|private/var/Keychains/keychain-backup.plist",
        "DatabaseDomain|timezone/localtime|private/var/db/timezone/localtime",
        "HealthDomain|Health/healthdb.sqlite|private/var/mobile/Library/Health/healthdb.sqlite",
        "ManagedPreferencesDomain|mobile/com.apple.webcontentfilter.plist|private/var/Managed Preferences/mobile/com.apple.webcontentfilter.plist",
        "ProtectedDomain|trustd/private/TrustStore.sqlite3|private/var/protected/trustd/private/TrustStore.sqlite3",
        "InstallDomain|Library/MobileInstallation/x.plist|private/var/installd/Library/MobileInstallation/x.plist",
        "TonesDomain|Ringtones/a.m4r|private/var/mobile/Ringtones/a.m4r",
        "BooksDomain|Purchases/b.epub|private/var/mobile/Media/Books/Purchases/b.epub",
        "KeyboardDomain|Library/Keyboard/dynamic-text.dat|private/var/mobile/Library/Keyboard/dynamic-text.dat",
        "HomeDomain||private/var/mobile",
        "NewDomain2030|a/b|backup/domains/NewDomain2030/a/b",
    })
    void mapsDomains(String domain, String rel, String logical) {
        assertThat(BackupDomains.logicalPath(domain, rel == null ? "" : rel)).isEqualTo(logical);
    }

    @Test
    void refusesUnsafeNames() {
        assertThat(BackupDomains.logicalPath("HomeDomain", "../../etc/passwd")).isNull();
        assertThat(BackupDomains.logicalPath("HomeDomain", "Library/./x")).isNull();
        assertThat(BackupDomains.logicalPath("HomeDomain", "a//b")).isNull();
        assertThat(BackupDomains.logicalPath("HomeDomain", "a\u0000b")).isNull();
        assertThat(BackupDomains.logicalPath("AppDomain-", "x")).isNull();
        assertThat(BackupDomains.logicalPath("Evil/..", "x")).isNull();
        assertThat(BackupDomains.logicalPath(null, "x")).isNull();
        assertThat(BackupDomains.known("HomeDomain")).isTrue();
        assertThat(BackupDomains.known("Whatever")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "private/var/mobile/Library/SMS/sms.db",
        "private/var/mobile/Media/DCIM/100APPLE/IMG_0001.HEIC",
        "private/var/mobile/Containers/Shared/AppGroup/group.x/a.sqlite",
        "private/var/containers/Shared/SystemGroup/systemgroup.com.apple.configurationprofiles/Library/ConfigurationProfiles/MCProfileEvents.plist",
        "private/var/wireless/Library/Databases/DataUsage.sqlite",
        "private/var/root/Library/Caches/locationd/clients.plist",
        "private/var/mobile/Library/Health/healthdb.sqlite",
        "private/var/Keychains/keychain-backup.plist",
    })
    void writerLayoutRoundTrips(String logical) {
        BackupLayout.Name n = BackupLayout.of(logical);
        assertThat(n).isNotNull();
        assertThat(BackupDomains.logicalPath(n.domain(), n.relativePath())).isEqualTo(logical);
    }
}
