package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Installed packages listed by AndroidQF (packages.json: name, installer, uid, disabled,
 * system, third_party, and files — each APK path with md5/sha1/sha256 and the signing
 * certificate's Md5/Sha1/Sha256 as AndroidQF's APK verifier reported them). Checked: app ids,
 * APK hashes and certificate hashes against indicators (spyware and stalkerware); known
 * rooting packages; how non-system apps were installed (no installer / package installer:
 * sideloaded; a browser; a third-party store); security and update packages disabled.
 */
public final class Packages implements ArtifactModule {
    @Override
    public String slug() {
        return "packages";
    }

    @Override
    public String description() {
        return "Installed packages (AndroidQF packages.json): indicators, certificates, installers, disabled security apps.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("packages.json");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceFile f = ctx.require("packages.json").get(0);
        ctx.used(f);
        JsonNode root = JsonFiles.read(ctx.source(), f, 512L << 20);
        if (root == null || !root.isArray()) throw new IOException("packages.json is not a JSON array of packages");
        for (JsonNode p : root) ctx.emit(record(p));
    }

    static Record record(JsonNode p) {
        Record r = Record.of("package_name", p.path("name").asText(null), "installer", text(p, "installer"),
                "uid", p.path("uid").asLong(-1), "disabled", p.path("disabled").asBoolean(), "system", p.path("system").asBoolean(),
                "third_party", p.path("third_party").asBoolean());
        List<Map<String, Object>> files = new ArrayList<>();
        for (JsonNode f : p.path("files")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", text(f, "path"));
            m.put("local_name", text(f, "local_name"));
            for (String h : new String[] {"md5", "sha1", "sha256"}) if (text(f, h) != null) m.put(h, text(f, h));
            JsonNode cert = f.path("certificate");
            for (String h : new String[] {"md5", "sha1", "sha256", "subject", "issuer"}) {
                String v = ci(cert, h);
                if (v != null) m.put("cert_" + h, h.startsWith("sha") || h.equals("md5") ? v.replace(":", "").toLowerCase(Locale.ROOT) : v);
            }
            files.add(m);
        }
        r.put("files", files);
        return r;
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n.path(k);
        if (v.isMissingNode() || v.isNull()) return null;
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    /** A field looked up case-insensitively (AndroidQF writes "Sha256" in certificate objects). */
    private static String ci(JsonNode n, String k) {
        if (!n.isObject()) return null;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(k) && e.getValue().isValueNode()) {
                String s = e.getValue().asText();
                return s.isEmpty() ? null : s;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> files(Record r) {
        Object o = r.get("files");
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String pkg = r.str("package_name");
        if (pkg == null) return;
        if (Apps.checkAppId(c, r, pkg, "Installed package")) return;
        for (Map<String, Object> f : files(r)) {
            for (String h : new String[] {"sha256", "sha1", "md5"}) {
                Optional<Match> m = c.indicators().hash((String) f.get(h));
                if (m.isPresent()) {
                    c.ioc(r, m.get(), "APK " + f.get("path") + " of package " + pkg);
                    return;
                }
            }
            for (String h : new String[] {"cert_sha256", "cert_sha1", "cert_md5"}) {
                if (Apps.checkCert(c, r, (String) f.get(h), "Signing certificate of package " + pkg)) return;
            }
        }
        if (Apps.checkRoot(c, r, pkg)) return;
        if (r.bool("disabled") && Apps.SECURITY_PACKAGES.contains(pkg)) {
            c.alert(Level.HIGH, r, "Security or system-update package disabled: " + pkg,
                    pkg + " delivers security updates or protection; spyware operators disable such packages to keep a phone vulnerable.",
                    "Some owners disable vendor apps to save battery or data.");
            return;
        }
        if (r.bool("system") && !r.bool("third_party")) return;
        String inst = r.str("installer");
        if (inst == null || inst.equals("null") || inst.isBlank()) {
            c.alert(Level.MEDIUM, r, "Package " + pkg + " was installed without an app store (no installer recorded)",
                    "Apps installed by adb or from an APK file have no installer; spyware that is not on a store arrives this way.",
                    "Developers and users installing apps by hand produce the same trace.");
        } else if (Apps.PACKAGE_INSTALLERS.contains(inst)) {
            c.alert(Level.MEDIUM, r, "Package " + pkg + " was sideloaded (installed by " + inst + ")",
                    "The package installer installs APK files opened from a file manager, a message or adb, not from a store.",
                    "Users sideload legitimate apps too.");
        } else if (Apps.BROWSERS.contains(inst)) {
            c.alert(Level.MEDIUM, r, "Package " + pkg + " was installed from a browser (" + inst + ")",
                    "Spyware delivered by link is downloaded and installed from the browser.",
                    "Some legitimate apps are distributed as APK downloads.");
        } else if (Apps.THIRD_PARTY_STORES.contains(inst)) {
            c.alert(Level.LOW, r, "Package " + pkg + " was installed from a third-party store (" + inst + ")",
                    "Third-party stores review apps less strictly than Google Play.",
                    "Manufacturer stores and F-Droid are common and legitimate.");
        }
    }

    @Override
    public String describe(Record r) {
        return "Package " + r.str("package_name") + " (installer " + r.str("installer") + ")";
    }
}
