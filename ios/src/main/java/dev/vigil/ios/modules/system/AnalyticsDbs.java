package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the security analytics databases of {@code private/var/Keychains/Analytics/*.db}
 * (ckks_analytics.db, sos_analytics.db, trust_analytics.db, TLS_analytics.db,
 * signin_metrics.db, networking_analytics.db... iOS 11 to 17). Their event tables
 * ({@code hard_failures}, {@code soft_failures}, {@code all_events}) hold {@code timestamp}
 * and {@code data}, a binary plist dictionary describing the event. Shared by
 * {@code analytics} and {@code analytics_ios_versions}.
 */
final class AnalyticsDbs {
    static final String GLOB = "private/var/Keychains/Analytics/*.db";
    static final List<String> TABLES = List.of("hard_failures", "soft_failures", "all_events");

    /** One event row. */
    record Row(String database, String table, long id, Instant time, Map<String, Object> data) {}

    @FunctionalInterface
    interface RowConsumer {
        void row(Row row);
    }

    private AnalyticsDbs() {}

    /**
     * Hands every event row of every analytics database to the consumer. A database that
     * cannot be opened is a warning (the others are still read); none readable is an error.
     */
    static void read(ModuleContext ctx, RowConsumer consumer) throws Exception {
        List<EvidenceFile> files = ctx.require(GLOB);
        int opened = 0;
        String lastError = null;
        for (EvidenceFile f : files) {
            try (Sqlite db = Sqlite.open(ctx.source(), f)) {
                ctx.used(f);
                opened++;
                for (String t : TABLES) {
                    if (!db.hasTable(t)) continue;
                    Set<String> c = db.columns(t);
                    if (!c.contains("timestamp") || !c.contains("data")) {
                        ctx.warn(f.path() + ": table " + t + " has no timestamp/data columns, skipped");
                        continue;
                    }
                    String id = c.contains("id") ? "id" : "rowid";
                    db.query("SELECT " + id + ", timestamp, data FROM " + t + " ORDER BY " + id, rs -> {
                        byte[] data = rs.getBytes(3);
                        Map<String, Object> d = Map.of();
                        if (data != null && data.length > 0) {
                            try {
                                d = Plists.parseDict(data, f.path() + " " + t + " row " + rs.getLong(1));
                            } catch (IOException e) {
                                ctx.warn(e.getMessage());
                            }
                        }
                        Object ts = rs.getObject(2);
                        consumer.row(new Row(f.name(), t, rs.getLong(1), ts instanceof Number n ? time(n.doubleValue()) : null, d));
                    });
                }
            } catch (IOException | SQLException e) {
                lastError = e.getMessage();
                ctx.warn("could not read " + f.path() + ": " + e.getMessage());
            }
        }
        if (opened == 0) throw new IOException("no readable analytics database: " + lastError);
    }

    /**
     * Event times: Unix seconds in the databases seen; values below 9e8 (before 1998 as Unix
     * time) are taken as Cocoa seconds, which some versions use.
     */
    static Instant time(double v) {
        return v > 9e8 ? Times.unixSeconds(v) : Times.cocoa(v);
    }
}
