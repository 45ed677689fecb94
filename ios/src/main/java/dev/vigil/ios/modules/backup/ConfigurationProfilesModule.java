package dev.vigil.ios.modules.backup;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.backup.BackupSource;
import dev.vigil.ios.backup.Plists;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * configuration_profiles: the configuration profiles installed on the phone (the stubs in
 * the configuration profiles system group, iOS 12 and later). Profiles can install root
 * certificates, VPNs and MDM enrolment, and spyware operators (Predator) have used them:
 * each profile's PayloadUUID is checked against profile indicators, and every installed
 * profile is reported for review.
 */
public final class ConfigurationProfilesModule implements ArtifactModule {
    static final String DIR = "private/var/containers/Shared/SystemGroup/*/Library/ConfigurationProfiles/";
    static final String GLOB = DIR + "profile-*";

    @Override
    public String slug() {
        return "configuration_profiles";
    }

    @Override
    public String description() {
        return "Installed configuration profiles: identifiers, organisation, payloads and install date; profile indicators.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(BackupSource.TYPE, "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of(GLOB);
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.require(GLOB);
        int failed = 0;
        String lastError = null;
        for (EvidenceFile f : files) {
            NSDictionary p;
            try {
                p = BackupPlists.dict(ctx, f);
            } catch (IOException e) {
                failed++;
                lastError = e.getMessage();
                ctx.warn(e.getMessage());
                continue;
            }
            Record r = new Record();
            r.put("file", f.path());
            r.put("payload_uuid", Plists.str(p, "PayloadUUID"));
            r.put("payload_identifier", Plists.str(p, "PayloadIdentifier"));
            r.put("payload_display_name", Plists.str(p, "PayloadDisplayName"));
            r.put("payload_organization", Plists.str(p, "PayloadOrganization"));
            r.put("payload_description", Plists.str(p, "PayloadDescription"));
            r.put("payload_type", Plists.str(p, "PayloadType"));
            if (p.get("PayloadRemovalDisallowed") instanceof NSNumber n) r.put("removal_disallowed", n.boolValue());
            r.put("install_date", Plists.date(p, "InstallDate"));
            List<Map<String, Object>> payloads = new ArrayList<>();
            if (p.get("PayloadContent") instanceof NSArray a) {
                for (NSObject o : a.getArray()) {
                    if (!(o instanceof NSDictionary d)) continue;
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", Plists.str(d, "PayloadType"));
                    m.put("identifier", Plists.str(d, "PayloadIdentifier"));
                    m.put("uuid", Plists.str(d, "PayloadUUID"));
                    m.put("display_name", Plists.str(d, "PayloadDisplayName"));
                    payloads.add(m);
                }
            }
            r.put("payloads", payloads);
            r.put("timestamp", Plists.date(p, "InstallDate"));
            r.put("plist", Plists.json(p));
            ctx.emit(r);
        }
        if (failed == files.size()) throw new IOException("no configuration profile could be read: " + lastError);
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        List<String> uuids = new ArrayList<>();
        if (r.str("payload_uuid") != null) uuids.add(r.str("payload_uuid"));
        if (r.get("payloads") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && m.get("uuid") != null) uuids.add(m.get("uuid").toString());
            }
        }
        for (String u : uuids) {
            Optional<Match> m = checker.indicators().profileId(u);
            if (m.isEmpty()) m = checker.indicators().profileId(u.toUpperCase(java.util.Locale.ROOT));
            if (m.isPresent()) {
                checker.ioc(r, m.get(), "Configuration profile " + u + " (" + r.str("payload_display_name") + ")");
                return;
            }
        }
        checker.alert(Level.MEDIUM, r, "A configuration profile is installed: \"" + r.str("payload_display_name") + "\" ("
                        + r.str("payload_identifier") + ") from " + (r.str("payload_organization") == null ? "an unnamed organisation" : r.str("payload_organization")),
                "Configuration profiles can install root certificates, VPNs and device management; spyware operators have used them to intercept traffic or keep access.",
                "Most profiles are legitimate (work or school device management, Wi-Fi, carrier settings). Check that the owner knows this one.");
    }

    @Override
    public String describe(Record r) {
        return "Configuration profile \"" + r.str("payload_display_name") + "\" (" + r.str("payload_identifier") + ", " + r.str("payload_uuid") + ") installed";
    }
}
