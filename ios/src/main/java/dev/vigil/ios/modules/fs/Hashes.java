package dev.vigil.ios.modules.fs;

import dev.vigil.core.evidence.Custody;
import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.TarSource;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * With {@code --hashes}: the SHA-256 of every file of the dump, matched against hash
 * indicators. A tar computes the hashes in its single streaming pass (attribute
 * {@code sha256}); folders and zips are streamed here, each file once. Records only for
 * matching files, plus a summary with counts.
 */
public final class Hashes implements ArtifactModule {
    static final int MAX_RECORDS = 10_000;

    @Override
    public String slug() {
        return "hashes";
    }

    @Override
    public String description() {
        return "With --hashes: SHA-256 of every file of the dump vs hash indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of();
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        if (!ctx.flag("hashes")) throw new ArtifactNotFoundException("file hashing was not asked for (use --hashes)");
        EvidenceSource src = ctx.source();
        List<EvidenceFile> all = new ArrayList<>();
        src.walk(all::add);
        long hashed = 0, bytes = 0, unreadable = 0, matches = 0;
        List<Record> out = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        for (EvidenceFile f : all) {
            if (f.attributes().containsKey("symlink") || f.attributes().containsKey("hardlink")) continue;
            String sha = (String) f.attributes().get("sha256");
            if (sha == null) {
                if (src instanceof TarSource t && t.compressed()) {
                    unreadable++;
                    continue;
                }
                try {
                    sha = hash(src, f, buf);
                } catch (IOException e) {
                    unreadable++;
                    if (unreadable <= 20) ctx.warn("could not hash " + f.path() + ": " + e.getMessage());
                    continue;
                }
            }
            hashed++;
            if (f.size() > 0) bytes += f.size();
            Optional<Match> m = ctx.indicators().hash(sha);
            if (m.isPresent()) {
                matches++;
                if (out.size() < MAX_RECORDS) out.add(Record.of("kind", "file", "path", "/" + f.path(), "sha256", sha, "size", f.size(), "modified", f.modified()));
            }
        }
        if (unreadable > 20) ctx.warn(unreadable + " files could not be hashed");
        for (Record r : out) ctx.emit(r);
        ctx.emit(Record.of("kind", "summary", "files_hashed", hashed, "bytes", bytes, "unreadable", unreadable, "matches", matches));
    }

    /**
     * Streams a file once. A folder source hashes what it opens into the custody log
     * already: that hash is used rather than computing it twice.
     */
    static String hash(EvidenceSource src, EvidenceFile f, byte[] buf) throws IOException {
        Custody.Entry known = src.custody().entry(f.path());
        if (known != null) return known.sha256();
        boolean custodyHashes = src instanceof DirectorySource;
        MessageDigest md = custodyHashes ? null : Custody.sha256();
        try (InputStream in = src.open(f)) {
            int n;
            while ((n = in.read(buf)) > 0) if (md != null) md.update(buf, 0, n);
        }
        if (md != null) return HexFormat.of().formatHex(md.digest());
        Custody.Entry e = src.custody().entry(f.path());
        if (e == null) throw new IOException("no hash recorded");
        return e.sha256();
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        if (!"file".equals(r.str("kind"))) return;
        checker.indicators().hash(r.str("sha256")).ifPresent(m -> checker.ioc(r, m, "The file " + r.str("path") + " (SHA-256 " + r.str("sha256") + ")"));
    }

    @Override
    public String describe(Record r) {
        return "file".equals(r.str("kind")) ? r.str("path") + " " + r.str("sha256") : r.num("files_hashed", 0) + " files hashed";
    }

    @Override
    public List<dev.vigil.core.model.TimelineEvent> timeline(Record r) {
        return List.of();
    }
}
