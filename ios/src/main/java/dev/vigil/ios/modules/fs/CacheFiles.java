package dev.vigil.ios.modules.fs;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every NSURLCache database ({@code Cache.db}) in the dump: apps and system daemons cache
 * their HTTP responses in {@code cfurl_cache_response} (request_key = URL, time_stamp =
 * UTC text, iOS 9 to 26 schema). Each cached URL is a record, checked against URL and domain
 * indicators: Pegasus and Predator infection links and C2 servers were found there.
 */
public final class CacheFiles implements ArtifactModule {
    static final int MAX_ROWS = 500_000;
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public String slug() {
        return "cache_files";
    }

    @Override
    public String description() {
        return "Every Cache.db (NSURLCache) in the dump: cached URLs vs URL and domain indicators";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("**/Cache.db");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> dbs = ctx.require("**/Cache.db");
        int ok = 0;
        List<String> failures = new ArrayList<>();
        int[] rows = {0};
        for (EvidenceFile f : dbs) {
            if (f.attributes().containsKey("symlink") || f.attributes().containsKey("hardlink") || f.size() == 0) continue;
            try (Sqlite db = Sqlite.open(ctx.source(), f)) {
                if (!db.hasTable("cfurl_cache_response")) {
                    ctx.warn(f.path() + ": no cfurl_cache_response table");
                    continue;
                }
                Set<String> cols = db.columns("cfurl_cache_response");
                String ts = cols.contains("time_stamp") ? "time_stamp" : "NULL";
                db.query("SELECT entry_ID, request_key, " + ts + " FROM cfurl_cache_response ORDER BY entry_ID", rs -> {
                    if (rows[0]++ >= MAX_ROWS) return;
                    ctx.emit(Record.of("timestamp", parseTime(rs.getString(3)), "url", rs.getString(2), "entry_id", rs.getLong(1),
                            "file", "/" + f.path()));
                });
                ctx.used(f);
                ok++;
            } catch (Exception e) {
                failures.add(f.path() + ": " + e.getMessage());
                ctx.warn("could not read " + f.path() + ": " + e.getMessage());
            }
        }
        if (rows[0] > MAX_ROWS) ctx.warn("more than " + MAX_ROWS + " cached URLs: the rest were not recorded");
        if (ok == 0 && !failures.isEmpty()) throw new java.io.IOException("no Cache.db could be read: " + failures.get(0));
    }

    static java.time.Instant parseTime(String s) {
        if (s == null) return null;
        try {
            return LocalDateTime.parse(s.strip(), TS).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Optional<Match> m = checker.indicators().url(r.str("url"));
        m.ifPresent(match -> checker.ioc(r, match, "The cached URL " + r.str("url") + " (" + r.str("file") + ")"));
    }

    @Override
    public String describe(Record r) {
        return "Cached " + r.str("url") + " in " + r.str("file");
    }
}
