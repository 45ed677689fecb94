package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.MemorySource;
import dev.vigil.samples.ios.artifacts.ContainerMetadata;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppContainersTest {
    static final String ROOT = "private/var/mobile/Containers/Data/Application/11111111-2222-3333-4444-555555555555/";

    @Test
    void backupDomainNamesTheApp() {
        AppContainers apps = new AppContainers(new MemorySource("ios-backup", "t", false));
        assertThat(apps.appOf(new EvidenceFile(ROOT + "Library/x.db", 1, null, Map.of("domain", "AppDomain-com.google.chrome.ios"))))
                .isEqualTo("com.google.chrome.ios");
        assertThat(apps.appOf(new EvidenceFile("private/var/mobile/Containers/Shared/AppGroup/X/a.db", 1, null,
                Map.of("domain", "AppDomainGroup-group.net.whatsapp.WhatsApp.shared")))).isEqualTo("group.net.whatsapp.WhatsApp.shared");
    }

    @Test
    void filesystemDumpReadsTheContainerMetadata() {
        MemorySource src = new MemorySource("ios-fs", "t", false)
                .put(ROOT + ContainerMetadata.NAME, ContainerMetadata.plist("org.example.app", 2, "11111111-2222-3333-4444-555555555555"));
        AppContainers apps = new AppContainers(src);
        assertThat(apps.appOf(new EvidenceFile(ROOT + "Library/Safari/History.db", 1, null))).isEqualTo("org.example.app");
        assertThat(apps.appOf(new EvidenceFile("private/var/mobile/Library/Safari/History.db", 1, null))).isNull();
        assertThat(AppContainers.containerRoot(ROOT + "Library/a")).isEqualTo(ROOT);
    }

    @Test
    void garbageMetadataIsIgnored() {
        MemorySource src = new MemorySource("ios-fs", "t", false).put(ROOT + ContainerMetadata.NAME, "bplist00 garbage".getBytes());
        assertThat(new AppContainers(src).appOf(new EvidenceFile(ROOT + "Library/a.db", 1, null))).isNull();
    }
}
