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
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * manifest: every entry of the backup's Manifest.db (files and folders with their domain,
 * path, mode, owner, size and times), so that the file timeline of the phone is visible;
 * file paths and names are checked against file indicators, and each "_"-separated part of
 * a path component that looks like a domain name is checked against domain indicators
 * (spyware has left files and folders named after its servers).
 */
public final class ManifestModule implements ArtifactModule {

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
        if (ctx.source() instanceof BackupSource backup) {
            // The backup source already holds every row in memory (decrypted): no second copy.
            for (BackupSource.Row row : backup.manifestRows()) {
                Record r = record(row.fileID(), row.domain(), row.relativePath(), row.logical(), row.flags());
                if (row.meta() != null) times(r, row.meta());
                else if (row.metaError() != null && bad[0]++ < 20) ctx.warn(row.relativePath() + " (" + row.domain() + "): unreadable MBFile record: " + row.metaError());
                ctx.emit(r);
            }
        } else {
            try (Sqlite db = Sqlite.open(ctx.source(), f)) {
                if (!db.hasTable("Files")) throw new java.io.IOException("Manifest.db has no Files table");
                db.query("SELECT fileID, domain, relativePath, flags, file FROM Files ORDER BY domain, relativePath, fileID", rs ->
                        ctx.emit(record(ctx, rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBytes(5), bad)));
            }
        }
        if (bad[0] > 0) ctx.warn(bad[0] + " entries had an unreadable MBFile record (kept without times)");
    }

    private static Record record(String fileId, String domain, String rel, String logical, int flags) {
        Record r = new Record();
        r.put("file_id", fileId);
        r.put("domain", domain);
        r.put("relative_path", rel);
        r.put("path", logical != null ? logical : BackupDomains.logicalPath(domain, rel));
        r.put("flags", flags);
        return r;
    }

    private static Record record(ModuleContext ctx, String fileId, String domain, String rel, int flags, byte[] blob, int[] bad) {
        Record r = record(fileId, domain, rel, null, flags);
        MBFile m = null;
        if (blob != null && blob.length > 0) {
            try {
                m = MBFile.decode(blob);
            } catch (KeyedArchive.FormatException e) {
                if (bad[0]++ < 20) ctx.warn(rel + " (" + domain + "): unreadable MBFile record: " + e.getMessage());
            }
        }
        if (m != null) times(r, m);
        return r;
    }

    private static void times(Record r, MBFile m) {
        r.put("created", m.birth());
        r.put("modified", m.lastModified());
        r.put("status_changed", m.lastStatusChange());
        r.put("mode", "0o" + Integer.toOctalString(m.mode()));
        r.put("owner", m.userId());
        r.put("size", m.size());
        r.put("timestamp", m.lastModified());
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
        // each "_"-separated part of each path component: one pass, no regex, no split arrays
        Set<String> seen = null;
        int start = 0;
        for (int i = 0; i <= rel.length(); i++) {
            if (i < rel.length() && rel.charAt(i) != '/' && rel.charAt(i) != '_') continue;
            if (i - start >= 4 && domainLike(rel, start, i)) {
                String part = rel.substring(start, i);
                if (seen == null) seen = new java.util.HashSet<>();
                if (seen.add(part)) {
                    Optional<Match> m = checker.indicators().domain(part);
                    if (m.isPresent()) {
                        checker.ioc(r, m.get(), "A file name in the backup (" + rel + ") contains the domain " + part + ", which");
                        return;
                    }
                }
            }
            start = i + 1;
        }
    }

    /**
     * Whether s[from, to) is a domain-like name: labels of letters, digits and inner hyphens
     * (1-63 characters), at least two, the last of 2-24 letters.
     */
    static boolean domainLike(String s, int from, int to) {
        int labels = 0, labelStart = from;
        for (int i = from; i <= to; i++) {
            char c = i < to ? s.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') return false;
                labels++;
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        if (labels < 2) return false;
        int lastStart = s.lastIndexOf('.', to - 1) + 1;
        int len = to - lastStart;
        if (len < 2 || len > 24) return false;
        for (int i = lastStart; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) return false;
        }
        return true;
    }

    private static final String[] TIME_FIELDS = {"created", "modified", "status_changed"};
    private static final String[] TIME_EVENTS = {"file created", "file modified", "file status changed"};

    @Override
    public List<TimelineEvent> timeline(Record r) {
        List<TimelineEvent> out = new ArrayList<>(3);
        String description = null;
        for (int k = 0; k < TIME_FIELDS.length; k++) {
            String t = r.str(TIME_FIELDS[k]);
            if (t == null || k >= 1 && t.equals(r.str(TIME_FIELDS[0])) || k == 2 && t.equals(r.str(TIME_FIELDS[1]))) continue;
            if (description == null) description = describe(r);
            out.add(new TimelineEvent(t, slug(), TIME_EVENTS[k], description));
        }
        return out;
    }

    @Override
    public String describe(Record r) {
        return r.str("domain") + "/" + r.str("relative_path") + " (" + r.str("mode") + ", " + r.str("size") + " bytes)";
    }

}
