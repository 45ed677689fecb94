package dev.vigil.ios.modules;

import com.dd.plist.NSDictionary;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which app an artifact inside an app container belongs to: from the backup domain
 * ("AppDomain-com.example.app", "AppDomainGroup-group.net.whatsapp...") when the source gives
 * it, otherwise from the container's {@code .com.apple.mobile_container_manager.metadata.plist}
 * (MCMMetadataIdentifier) in a filesystem dump. Unknown stays null, never guessed.
 */
final class AppContainers {
    static final String METADATA = ".com.apple.mobile_container_manager.metadata.plist";

    private final EvidenceSource source;
    private final Map<String, String> cache = new HashMap<>();

    AppContainers(EvidenceSource source) {
        this.source = source;
    }

    /** The bundle or group id owning the file, or null. */
    String appOf(EvidenceFile f) {
        for (String k : new String[] {"domain", "Domain"}) {
            Object d = f.attributes().get(k);
            if (d instanceof String s) {
                if (s.startsWith("AppDomainGroup-")) return s.substring("AppDomainGroup-".length());
                if (s.startsWith("AppDomainPlugin-")) return s.substring("AppDomainPlugin-".length());
                if (s.startsWith("AppDomain-")) return s.substring("AppDomain-".length());
            }
        }
        String root = containerRoot(f.path());
        if (root == null) return null;
        return cache.computeIfAbsent(root, this::readMetadata);
    }

    /** "private/var/mobile/Containers/Data/Application/UUID/" or the AppGroup equivalent, or null. */
    static String containerRoot(String path) {
        String[] parts = path.split("/");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < parts.length; i++) {
            sb.append(parts[i]).append('/');
            if ((parts[i].equals("Application") || parts[i].equals("AppGroup")) && i > 0 && parts[i - 1].matches("Data|Shared")) {
                return sb.append(parts[i + 1]).append('/').toString();
            }
        }
        return null;
    }

    private String readMetadata(String root) {
        try {
            EvidenceFile m = source.findOne(root + METADATA);
            if (m == null || !m.path().equals(root + METADATA)) return null;
            NSDictionary d = Plists.dict(Plists.parse(source.readAll(m, 1 << 20), m.path()));
            return Plists.str(d, "MCMMetadataIdentifier");
        } catch (IOException e) {
            return null;
        }
    }
}
