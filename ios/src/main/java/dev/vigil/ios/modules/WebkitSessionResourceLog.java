package dev.vigil.ios.modules;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The older WebKit resource log ({@code full_browsing_session_resourceLog.plist}: a
 * {@code browsingStatistics} array, one entry per registrable domain with the domains it
 * redirected to and from and those it embedded), written by iOS 11 to 13 and kept on devices
 * upgraded since. Every domain in it is checked against indicators.
 */
public final class WebkitSessionResourceLog implements ArtifactModule {
    static final String NAME = "full_browsing_session_resourceLog.plist";
    /** Entries kept per file. */
    static final int MAX_ENTRIES = 100_000;

    @Override
    public String slug() {
        return "webkit_session_resource_log";
    }

    @Override
    public String description() {
        return "WebKit resource log plist of Safari and apps: domains, redirects and embedded domains against indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return SqliteModule.IOS;
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/" + WebkitResourceLoadStatistics.RLS + NAME,
                "private/var/mobile/Containers/Data/Application/*/" + WebkitResourceLoadStatistics.RLS + NAME,
                "private/var/mobile/Containers/Data/Application/*/SystemData/com.apple.SafariViewService/" + WebkitResourceLoadStatistics.RLS + NAME);
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.require(paths().toArray(String[]::new));
        AppContainers apps = new AppContainers(ctx.source());
        String firstError = null;
        int read = 0;
        for (EvidenceFile f : files) {
            ctx.used(f);
            try {
                String app = apps.appOf(f);
                NSObject root = Plists.parse(ctx.source().readAll(f, Plists.MAX), f.path());
                NSDictionary d = Plists.dict(root);
                if (d == null || d.objectForKey("browsingStatistics") == null) throw new IOException(f.path() + " has no browsingStatistics");
                int n = 0;
                for (NSObject o : Plists.array(d.objectForKey("browsingStatistics"))) {
                    if (++n > MAX_ENTRIES) {
                        ctx.warn(f.path() + ": more than " + MAX_ENTRIES + " entries, the rest skipped");
                        break;
                    }
                    NSDictionary e = Plists.dict(o);
                    if (e == null) continue;
                    Record r = new Record();
                    String origin = Plists.str(e, "PrevalentResourceOrigin");
                    if (origin == null) origin = Plists.str(e, "PrevalentResourceDomain");
                    r.put("timestamp", Plists.unixTime(e, "lastSeen"));
                    r.put("origin", origin);
                    r.put("redirect_source", Plists.domains(e, "topFrameUniqueRedirectsFrom"));
                    r.put("redirect_destination", Plists.domains(e, "topFrameUniqueRedirectsTo"));
                    r.put("subframe_under_origin", Plists.domains(e, "subframeUnderTopFrameOrigins", "subframeUnderTopFrameDomains"));
                    r.put("subresource_under_origin", Plists.domains(e, "subresourceUnderTopFrameOrigins", "subresourceUnderTopFrameDomains"));
                    r.put("subresource_redirects", Plists.domains(e, "subresourceUniqueRedirectsTo", "subresourceUniqueRedirectsFrom"));
                    r.put("user_interaction", Plists.bool(e, "hadUserInteraction"));
                    r.put("most_recent_interaction", Plists.unixTime(e, "mostRecentUserInteraction"));
                    r.put("path", f.path());
                    r.put("container", Db.container(f.path()));
                    r.put("app", app);
                    ctx.emit(r);
                }
                read++;
            } catch (IOException e) {
                String msg = e.getMessage();
                if (firstError == null) firstError = msg;
                ctx.warn(msg);
            }
        }
        if (read == 0 && firstError != null) throw new SqliteModule.ArtifactReadError(firstError);
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Links.checkDomains(checker, r, "Domain in the WebKit resource log:", "origin", "redirect_source", "redirect_destination",
                "subframe_under_origin", "subresource_under_origin", "subresource_redirects");
    }

    @Override
    public String describe(Record r) {
        return "WebKit resource log: " + r.str("origin") + (r.strings("redirect_destination").isEmpty() ? "" : " redirected to " + String.join(", ", r.strings("redirect_destination")));
    }
}
