package dev.vigil.ios.modules.backup;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.ios.backup.BackupDomains;
import dev.vigil.ios.backup.BackupSource;
import dev.vigil.ios.backup.KeyedArchive;
import dev.vigil.ios.backup.MBFile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * manifest: every entry of the backup's Manifest.db (files and folders with their domain,
 * path, mode, owner, size and times), so that the file timeline of the phone is visible;
 * file paths and names are checked against file indicators, and each "_"-separated part of
 * a path component that looks like a domain name is checked against domain indicators
 * (spyware has left files and folders named after its servers).
 */
public final class ManifestModule implements ArtifactModule {
    private static final Pattern DOMAIN_LIKE = Pattern.compile("(?i)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,24}");

    @Override
    public String slug() {
        return "manifest";
    }

    @Override
    public String description() {
        return "Every file and folder of the backup's Manifest.db with its times; file path and domain-like name indicators.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(BackupSource.TYPE);
    }

    @Override
    public List<String> paths() {
        return List.of(BackupSource.MANIFEST_DB);
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceFile f = ctx.source().findOne(BackupSource.MANIFEST_DB);
        if (f == null) throw new ArtifactNotFoundException("no Manifest.db in the backup");
        ctx.used(f);
        int[] bad = {0};
        try (Sqlite db = Sqlite.open(ctx.source(), f)) {
            if (!db.hasTable("Files")) throw new java.io.IOException("Manifest.db has no Files table");
            db.query("SELECT fileID, domain, relativePath, flags, file FROM Files ORDER BY domain, relativePath, fileID", rs -> {
                String domain = rs.getString(2);
                String rel = rs.getString(3);
                Record r = new Record();
                r.put("file_id", rs.getString(1));
                r.put("domain", domain);
                r.put("relative_path", rel);
                r.put("path", BackupDomains.logicalPath(domain, rel));
                r.put("flags", rs.getInt(4));
                byte[] blob = rs.getBytes(5);
                MBFile m = null;
                if (blob != null && blob.length > 0) {
                    try {
                        m = MBFile.decode(blob);
                    } catch (KeyedArchive.FormatException e) {
                        if (bad[0]++ < 20) ctx.warn(rel + " (" + domain + "): unreadable MBFile record: " + e.getMessage());
                    }
                }
                if (m != null) {
                    r.put("created", m.birth());
                    r.put("modified", m.lastModified());
                    r.put("status_changed", m.lastStatusChange());
                    r.put("mode", "0o" + Integer.toOctalString(m.mode()));
                    r.put("owner", m.userId());
                    r.put("size", m.size());
                    r.put("timestamp", m.lastModified());
                }
                ctx.emit(r);
            });
        }
        if (bad[0] > 0) ctx.warn(bad[0] + " entries had an unreadable MBFile record (kept without times)");
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        String path = r.str("path");
        String rel = r.str("relative_path");
        if (path != null) {
            Optional<Match> m = checker.indicators().filePath("/" + path);
            if (m.isPresent()) {
                checker.ioc(r, m.get(), "File /" + path + " in the backup");
                return;
            }
        }
        if (rel == null || rel.isEmpty()) return;
        Set<String> seen = new LinkedHashSet<>();
        for (String component : rel.split("/")) {
            for (String part : component.split("_")) {
                if (part.length() < 4 || !DOMAIN_LIKE.matcher(part).matches() || !seen.add(part)) continue;
                Optional<Match> m = checker.indicators().domain(part);
                if (m.isPresent()) {
                    checker.ioc(r, m.get(), "A file name in the backup (" + rel + ") contains the domain " + part + ", which");
                    return;
                }
            }
        }
    }

    @Override
    public List<TimelineEvent> timeline(Record r) {
        List<TimelineEvent> out = new ArrayList<>();
        Set<String> times = new LinkedHashSet<>();
        for (String k : new String[] {"created", "modified", "status_changed"}) {
            String t = r.str(k);
            if (t != null && times.add(t)) {
                out.add(new TimelineEvent(t, slug(), "file " + k.replace('_', ' '), describe(r)));
            }
        }
        return out;
    }

    @Override
    public String describe(Record r) {
        return r.str("domain") + "/" + r.str("relative_path") + " (" + r.str("mode") + ", " + r.str("size") + " bytes)";
    }

}
