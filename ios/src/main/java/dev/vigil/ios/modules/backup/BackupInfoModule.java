package dev.vigil.ios.modules.backup;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.backup.BackupSource;
import dev.vigil.ios.backup.Plists;

import java.util.List;
import java.util.Set;

/**
 * backup_info: the device a backup comes from (Info.plist: name, model, iOS version and
 * build, serial number, IMEI, phone number, backup date), and whether its iOS version was
 * outdated.
 */
public final class BackupInfoModule implements ArtifactModule {
    /** Info.plist keys kept, under their own names (as the reference tool does). */
    static final List<String> FIELDS = List.of("Build Version", "Device Name", "Display Name", "GUID", "ICCID", "IMEI", "IMEI 2",
            "MEID", "Last Backup Date", "Phone Number", "Product Name", "Product Type", "Product Version", "Serial Number",
            "Target Identifier", "Target Type", "Unique Identifier", "iTunes Version");

    @Override
    public String slug() {
        return "backup_info";
    }

    @Override
    public String description() {
        return "Device and backup facts from the backup's Info.plist; warns when the iOS version was outdated.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(BackupSource.TYPE);
    }

    @Override
    public List<String> paths() {
        return List.of(BackupSource.INFO, BackupSource.MANIFEST_PLIST);
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceFile f = ctx.source().findOne(BackupSource.INFO);
        if (f == null) throw new ArtifactNotFoundException("no Info.plist in the backup");
        NSDictionary d = BackupPlists.dict(ctx, f);
        Record r = new Record();
        for (String k : FIELDS) {
            NSObject v = d.get(k);
            if (v != null) r.put(k, Plists.json(v));
        }
        if (d.get("Installed Applications") instanceof NSArray apps) r.put("installed_applications", apps.count());
        EvidenceFile mp = ctx.source().findOne(BackupSource.MANIFEST_PLIST);
        if (mp != null) {
            try {
                NSDictionary m = BackupPlists.dict(ctx, mp);
                if (m.get("IsEncrypted") instanceof NSNumber n) r.put("encrypted", n.boolValue());
                if (!r.has("Product Version") && m.get("Lockdown") instanceof NSDictionary l) {
                    r.put("Product Version", Plists.str(l, "ProductVersion"));
                    r.put("Build Version", Plists.str(l, "BuildVersion"));
                }
            } catch (java.io.IOException e) {
                ctx.warn("Manifest.plist: " + e.getMessage());
            }
        }
        if (!r.has("Product Version")) ctx.warn("Info.plist has no Product Version: the iOS version is unknown");
        if (r.has("Last Backup Date")) r.put("timestamp", r.get("Last Backup Date"));
        ctx.emit(r);
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        String version = r.str("Product Version");
        IosVersions.bundled().outdated(version).ifPresent(o -> checker.alert(o.behindOwnMajor() ? Level.MEDIUM : Level.LOW, r,
                "The device ran an outdated iOS version: " + o.message(),
                "Mercenary spyware relies on vulnerabilities that Apple fixes in later releases; an outdated iPhone stays exposed to them.",
                "An outdated version is a risk, not a sign of infection. The table of latest versions is dated: check Apple's security releases page for anything newer."));
    }

    @Override
    public String describe(Record r) {
        return "Backup of " + r.str("Device Name") + " (" + r.str("Product Type") + ", iOS " + r.str("Product Version") + ")";
    }
}
