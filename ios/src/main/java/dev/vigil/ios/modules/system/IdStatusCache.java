package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity-services status cache: which iMessage/FaceTime handles (email addresses and
 * phone numbers) the phone looked up, when, and whether they were registered. Up to iOS 14.6
 * it is {@code private/var/mobile/Library/Preferences/com.apple.identityservices.idstatuscache.plist};
 * later versions keep {@code private/var/mobile/Library/IdentityServices/idstatuscache.plist}.
 * Layout: service ("com.apple.madrid" for iMessage, "com.apple.ess" for FaceTime...) to
 * handle ("mailto:a@b.c", "tel:+4412...") to {@code IDStatus} (1 registered, 2 not) and
 * {@code LookupDate} (a date, or Cocoa seconds).
 *
 * <p>Records: {@code timestamp} (lookup date), {@code service}, {@code handle},
 * {@code user} (without the scheme), {@code handle_type} (email, phone, other),
 * {@code id_status}, {@code file}. Checks: email handles against email indicators
 * (NSO Pegasus sent its iMessage exploits from such accounts).
 */
public final class IdStatusCache implements ArtifactModule {
    @Override
    public String slug() {
        return "idstatuscache";
    }

    @Override
    public String description() {
        return "iMessage/FaceTime handles looked up by the phone (IdStatusCache.plist), against email indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-backup", "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/Preferences/com.apple.identityservices.idstatuscache.plist",
                "private/var/mobile/Library/IdentityServices/idstatuscache.plist");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        for (EvidenceFile f : ctx.require(paths().toArray(String[]::new))) {
            Map<String, Object> root = Plists.readDict(ctx, f);
            for (var svc : root.entrySet()) {
                Map<String, Object> handles = Plists.dict(svc.getValue());
                if (handles == null) {
                    ctx.warn(f.path() + ": entry " + svc.getKey() + " is not a dictionary, skipped");
                    continue;
                }
                for (var h : handles.entrySet()) {
                    Map<String, Object> v = Plists.dict(h.getValue());
                    if (v == null) {
                        ctx.warn(f.path() + ": handle entry under " + svc.getKey() + " is not a dictionary, skipped");
                        continue;
                    }
                    String handle = h.getKey();
                    String user = handle;
                    String type = "other";
                    if (handle.startsWith("mailto:")) {
                        user = handle.substring(7);
                        type = "email";
                    } else if (handle.startsWith("tel:")) {
                        user = handle.substring(4);
                        type = "phone";
                    } else if (handle.contains("@")) {
                        type = "email";
                    }
                    Record r = new Record();
                    r.put("timestamp", Plists.cocoaDate(v.get("LookupDate")));
                    r.put("service", svc.getKey());
                    r.put("handle", handle);
                    r.put("user", user);
                    r.put("handle_type", type);
                    r.put("id_status", Plists.num(v, "IDStatus"));
                    r.put("file", f.path());
                    ctx.emit(r);
                }
            }
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        if (!"email".equals(r.str("handle_type"))) return;
        checker.indicators().email(r.str("user")).ifPresent(m -> checker.ioc(Level.CRITICAL, r, m,
                "iMessage/FaceTime lookup of " + r.str("user") + " (" + r.str("service") + ")",
                "The phone looked this account up, usually because a message or call from or to it was handled; "
                        + "it shows contact with an account used by attackers, not that an exploit succeeded."));
    }

    @Override
    public String describe(Record r) {
        return "Looked up " + r.str("handle") + " on " + r.str("service") + " (status " + r.str("id_status") + ")";
    }
}
