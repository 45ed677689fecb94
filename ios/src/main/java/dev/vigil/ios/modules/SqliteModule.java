package dev.vigil.ios.modules;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Base of the iOS modules that read one kind of SQLite database, wherever it is found (the
 * system copy and app containers alike). Each database is opened safely through
 * {@link Sqlite#open}; when several copies exist, a corrupt one is reported with
 * {@code ctx.warn} and the others are still read; when none can be read the module fails
 * with a message naming the file and the reason.
 */
abstract class SqliteModule implements ArtifactModule {
    static final Set<String> IOS = Set.of("ios-backup", "ios-fs");

    @Override
    public Set<String> evidenceTypes() {
        return IOS;
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.require(paths().toArray(String[]::new));
        AppContainers apps = new AppContainers(ctx.source());
        String firstError = null;
        int read = 0;
        for (EvidenceFile f : files) {
            ctx.used(f);
            try (Sqlite db = Sqlite.open(ctx.source(), f)) {
                currentApp.set(apps.appOf(f));
                parse(ctx, db, f);
                read++;
            } catch (IOException | SQLException e) {
                String msg = f.path() + " could not be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                if (firstError == null) firstError = msg;
                ctx.warn(msg);
            }
        }
        currentApp.remove();
        if (read == 0 && firstError != null) throw new ArtifactReadError(firstError);
    }

    private final ThreadLocal<String> currentApp = new ThreadLocal<>();

    /** The bundle or group id of the app whose container holds the database being parsed, or null. */
    protected String app() {
        return currentApp.get();
    }

    /** Reads one database and emits its records. Missing tables should throw a clear {@link SQLException}. */
    protected abstract void parse(ModuleContext ctx, Sqlite db, EvidenceFile file) throws SQLException, IOException;

    /** The artifact is there but unreadable; the message names the file and the reason. */
    static final class ArtifactReadError extends IOException {
        ArtifactReadError(String message) {
            super(message);
        }
    }

    /** The kind of a record's timeline event ("message_received", "visit"...); the slug by default. */
    protected String eventKind(Record r) {
        return slug();
    }

    @Override
    public List<TimelineEvent> timeline(Record r) {
        String t = r.str("timestamp");
        if (t == null) return List.of();
        return List.of(new TimelineEvent(t, slug(), eventKind(r), describe(r)));
    }

    /** Throws a clear error when a required table is missing (not this kind of database). */
    static void requireTable(Sqlite db, String table, String what) throws SQLException {
        if (!db.hasTable(table)) throw new SQLException("no " + table + " table: not " + what);
    }
}
