package dev.vigil.ios.modules.backup;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.backup.BackupSource;
import dev.vigil.ios.backup.Plists;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * applications: the apps installed on the phone, from the backup's Info.plist
 * ("Installed Applications" and "Applications" with each app's iTunesMetadata: name,
 * developer, version, store item, purchase date, Apple ID, the app that installed it).
 * Bundle ids are checked against app-id and process indicators; apps installed by something
 * else than the App Store or device management, and apps without store metadata, are
 * flagged for review.
 */
public final class ApplicationsModule implements ArtifactModule {
    /** Installers that are the App Store or device management. */
    static final Set<String> STORE_OR_MDM = Set.of("com.apple.AppStore", "com.apple.AppStore.ProductPageExtension",
            "com.apple.dmd", "dmd", "com.apple.appstored", "com.apple.MobileStore");

    @Override
    public String slug() {
        return "applications";
    }

    @Override
    public String description() {
        return "Installed apps from Info.plist and their App Store metadata; app id and process indicators, apps from outside the App Store.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(BackupSource.TYPE);
    }

    @Override
    public List<String> paths() {
        return List.of(BackupSource.INFO);
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceFile f = ctx.source().findOne(BackupSource.INFO);
        if (f == null) throw new ArtifactNotFoundException("no Info.plist in the backup");
        NSDictionary info = BackupPlists.dict(ctx, f);
        NSDictionary apps = info.get("Applications") instanceof NSDictionary d ? d : new NSDictionary();
        TreeSet<String> installed = new TreeSet<>();
        if (info.get("Installed Applications") instanceof NSArray a) {
            for (NSObject o : a.getArray()) if (o instanceof NSString s) installed.add(s.getContent());
        }
        TreeSet<String> all = new TreeSet<>(installed);
        all.addAll(apps.keySet());
        if (all.isEmpty()) throw new ArtifactNotFoundException("Info.plist lists no applications");
        for (String id : all) {
            Record r = new Record();
            r.put("name", id);
            r.put("installed", installed.contains(id));
            NSDictionary meta = null;
            if (apps.get(id) instanceof NSDictionary app && app.get("iTunesMetadata") instanceof NSData md) {
                try {
                    NSObject o = Plists.parse(md.bytes(), "iTunesMetadata of " + id);
                    if (o instanceof NSDictionary m) meta = m;
                } catch (IOException e) {
                    ctx.warn(e.getMessage());
                }
            }
            r.put("has_metadata", meta != null);
            if (meta != null) {
                r.put("item_name", Plists.str(meta, "itemName"));
                r.put("artist_name", Plists.str(meta, "artistName"));
                r.put("bundle_id", Plists.str(meta, "softwareVersionBundleId"));
                r.put("version", Plists.str(meta, "bundleShortVersionString") != null ? Plists.str(meta, "bundleShortVersionString") : Plists.str(meta, "bundleVersion"));
                r.put("item_id", Plists.str(meta, "itemId"));
                r.put("genre", Plists.str(meta, "genre"));
                r.put("kind", Plists.str(meta, "kind"));
                r.put("source_app", Plists.str(meta, "sourceApp"));
                NSDictionary dl = meta.get("com.apple.iTunesStore.downloadInfo") instanceof NSDictionary x ? x : null;
                Instant purchased = time(meta.get("purchaseDate"));
                if (purchased == null && dl != null) purchased = time(dl.get("purchaseDate"));
                r.put("purchase_date", purchased);
                if (dl != null && dl.get("accountInfo") instanceof NSDictionary acc) r.put("apple_id", Plists.str(acc, "AppleID"));
                r.put("timestamp", purchased);
            }
            ctx.emit(r);
        }
    }

    private static Instant time(NSObject o) {
        if (o instanceof NSDate d) return d.getDate().toInstant();
        if (o instanceof NSString s) return Times.parseIso(s.getContent());
        return null;
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        String id = r.str("name");
        Optional<Match> m = checker.indicators().appId(id);
        if (m.isPresent()) {
            checker.ioc(r, m.get(), "Installed app " + id);
            return;
        }
        m = checker.indicators().process(id);
        if (m.isPresent()) {
            checker.ioc(r, m.get(), "Installed app " + id + " (bundle id as process name)");
            return;
        }
        String source = r.str("source_app");
        if (source != null && !STORE_OR_MDM.contains(source)) {
            checker.alert(Level.MEDIUM, r, "App " + id + " (" + r.str("item_name") + ") was installed by " + source + ", not by the App Store or device management",
                    "Spyware and stalkerware for iPhone are installed outside the App Store (enterprise certificates, developer profiles, alternative stores).",
                    "TestFlight betas, alternative app marketplaces and developers' own apps are installed this way too.");
        } else if (!r.bool("has_metadata") && !id.startsWith("com.apple.")) {
            checker.alert(Level.LOW, r, "App " + id + " has no App Store metadata in the backup",
                    "Apps without store metadata were usually installed outside the App Store (enterprise or developer signed).",
                    "Some legitimate apps (company apps, apps restored from another device) lack metadata too.");
        }
    }

    @Override
    public String describe(Record r) {
        return "App " + r.str("name") + (r.str("item_name") == null ? "" : " (" + r.str("item_name") + ")")
                + (r.str("source_app") == null ? "" : " installed by " + r.str("source_app"));
    }
}
