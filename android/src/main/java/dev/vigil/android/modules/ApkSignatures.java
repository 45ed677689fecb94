package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.android.apk.ApkSigning;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The APKs AndroidQF copied from the phone (apks/*.apk): Vigil parses each APK's signing
 * block (v2/v3) and v1 JAR signature itself and hashes the signer certificates, so a
 * tampered or wrong packages.json cannot hide a known-bad signer. Signer hashes and the
 * APK's own hash are checked against indicators (spyware and stalkerware certificates);
 * a signer that differs from the certificate packages.json reports is HIGH.
 */
public final class ApkSignatures implements ArtifactModule {
    static final long MAX_APK = 1L << 30;

    @Override
    public String slug() {
        return "apk_signatures";
    }

    @Override
    public String description() {
        return "Signer certificates of the APKs collected by AndroidQF, computed from the APKs, against indicators and packages.json.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("apks/*.apk", "packages.json");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> apks = ctx.require("apks/*.apk");
        Map<String, Map<String, Object>> claims = claims(ctx);
        int failed = 0;
        for (EvidenceFile f : apks) {
            ctx.used(f);
            try {
                ctx.emit(record(f, ctx.source().readAll(f, MAX_APK), claims.get(f.name())));
            } catch (IOException | RuntimeException e) {
                failed++;
                ctx.warn(f.path() + ": signatures unreadable: " + e.getMessage());
                ctx.emit(Record.of("file", f.path(), "error", String.valueOf(e.getMessage())));
            }
        }
        if (failed == apks.size()) throw new IOException("none of the " + failed + " APKs could be parsed");
    }

    /** packages.json claims per local_name: package name and certificate hashes. */
    private static Map<String, Map<String, Object>> claims(ModuleContext ctx) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        try {
            EvidenceFile pj = ctx.source().findOne("packages.json");
            if (pj == null) return out;
            JsonNode root = Json.MAPPER.readTree(ctx.source().readAll(pj, 512L << 20));
            for (JsonNode p : root) {
                for (JsonNode f : p.path("files")) {
                    String local = f.path("local_name").asText("");
                    if (local.isEmpty()) continue;
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("package_name", p.path("name").asText(null));
                    JsonNode cert = f.path("certificate");
                    for (var it = cert.fields(); it.hasNext(); ) {
                        var e = it.next();
                        String k = e.getKey().toLowerCase(Locale.ROOT);
                        if ((k.equals("sha256") || k.equals("sha1") || k.equals("md5")) && !e.getValue().asText("").isEmpty()) {
                            c.put("claimed_cert_" + k, e.getValue().asText().replace(":", "").toLowerCase(Locale.ROOT));
                        }
                    }
                    out.put(local, c);
                }
            }
        } catch (IOException | RuntimeException e) {
            ctx.warn("packages.json could not be read to compare certificates: " + e.getMessage());
        }
        return out;
    }

    /** One APK file's record (public for tests and tools). */
    public static Record record(EvidenceFile f, byte[] apk, Map<String, Object> claim) throws IOException {
        List<ApkSigning.Signer> signers = new ArrayList<>(ApkSigning.signingBlock(new SeekableInMemoryByteChannel(apk)));
        try (ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(apk)).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                String n = e.getName();
                if (!n.startsWith("META-INF/") || n.indexOf('/', 9) >= 0) continue;
                String u = n.toUpperCase(Locale.ROOT);
                if (!(u.endsWith(".RSA") || u.endsWith(".DSA") || u.endsWith(".EC"))) continue;
                if (e.getSize() > 4 << 20) continue;
                try (InputStream in = z.getInputStream(e)) {
                    signers.addAll(ApkSigning.jarSignature(in.readNBytes(4 << 20)));
                }
            }
        }
        List<Map<String, Object>> list = new ArrayList<>();
        Set<String> sha256s = new LinkedHashSet<>();
        for (ApkSigning.Signer s : signers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scheme", s.scheme());
            m.put("sha256", s.sha256());
            m.put("sha1", s.sha1());
            m.put("md5", s.md5());
            m.put("subject", s.certificate().getSubjectX500Principal().getName());
            m.put("issuer", s.certificate().getIssuerX500Principal().getName());
            if (s.signatureVerified() != null) m.put("signature_verified", s.signatureVerified());
            list.add(m);
            sha256s.add(s.sha256());
        }
        String pkg = claim != null && claim.get("package_name") != null ? claim.get("package_name").toString() : guessPackage(f.name());
        Record r = Record.of("file", f.path(), "package_name", pkg, "sha256", sha256(apk), "signers", list);
        if (claim != null) {
            claim.forEach((k, v) -> {
                if (k.startsWith("claimed_")) r.put(k, v);
            });
            String claimed = (String) claim.get("claimed_cert_sha256");
            String claimedSha1 = (String) claim.get("claimed_cert_sha1");
            Boolean match = null;
            if (claimed != null) match = sha256s.contains(claimed);
            else if (claimedSha1 != null) match = signers.stream().anyMatch(s -> s.sha1().equals(claimedSha1));
            if (match != null && !signers.isEmpty()) r.put("matches_packages_json", match);
        }
        return r;
    }

    static String guessPackage(String name) {
        String n = name.endsWith(".apk") ? name.substring(0, name.length() - 4) : name;
        int u = n.indexOf('_');
        return u > 0 ? n.substring(0, u) : n;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> signers(Record r) {
        Object o = r.get("signers");
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String pkg = r.str("package_name");
        Optional<Match> m = c.indicators().hash(r.str("sha256"));
        if (m.isPresent()) {
            c.ioc(r, m.get(), "APK " + r.str("file"));
            return;
        }
        for (Map<String, Object> s : signers(r)) {
            for (String h : new String[] {"sha256", "sha1", "md5"}) {
                if (Apps.checkCert(c, r, (String) s.get(h), "Signer certificate (" + s.get("scheme") + ") of the APK " + r.str("file"))) return;
            }
        }
        // App ids are the packages module's business; here only what the APK itself proves.
        if (Boolean.FALSE.equals(r.get("matches_packages_json"))) {
            c.alert(Level.HIGH, r, "The signer of " + r.str("file") + " differs from the certificate packages.json reports for " + pkg,
                    "Vigil hashed the signer certificates in the APK itself; packages.json claims " + r.str("claimed_cert_sha256")
                            + ". A mismatch means the listing was altered or does not describe this APK.",
                    "A package updated between listing and copy can also differ.");
        }
        for (Map<String, Object> s : signers(r)) {
            if (Boolean.FALSE.equals(s.get("signature_verified"))) {
                c.alert(Level.HIGH, r, "The " + s.get("scheme") + " signature of " + r.str("file") + " does not verify with its own key",
                        "A signing block whose signature fails was altered after signing.",
                        "Corrupted copies also fail.");
                return;
            }
        }
    }

    @Override
    public String describe(Record r) {
        return "APK " + r.str("file") + " signed by " + signers(r).stream().map(s -> String.valueOf(s.get("sha256"))).distinct().toList();
    }
}
