package dev.vigil.server.store;

import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Times;
import org.flywaydb.core.Flyway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The case store over JDBC: a SQLite file in the user data folder by default, PostgreSQL for
 * a team ({@code jdbc:postgresql://host/db?user=..&password=..}). The schema is created and
 * upgraded by Flyway migrations ({@code db/migration}), written in SQL that both run unchanged.
 *
 * <p>One connection, used under a lock: SQLite allows one writer at a time anyway, and the
 * web app's traffic (a few analysts) is far below what one PostgreSQL connection serves.
 */
public final class JdbcCaseStore implements CaseStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Flyway's progress lines are noise for users; its warnings and errors still show. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    static {
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
    }
    private final Connection conn;
    private final String url;

    private JdbcCaseStore(String url, Connection conn) {
        this.url = url;
        this.conn = conn;
    }

    /** Opens (and migrates) the store at a JDBC URL: jdbc:sqlite:FILE or jdbc:postgresql://... */
    public static JdbcCaseStore open(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("unsupported database URL (use jdbc:sqlite:FILE or jdbc:postgresql://...): " + redactUrl(jdbcUrl));
        }
        Flyway.configure(JdbcCaseStore.class.getClassLoader())
                .dataSource(jdbcUrl, null, null)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        try {
            Connection c = DriverManager.getConnection(jdbcUrl);
            if (jdbcUrl.startsWith("jdbc:sqlite:")) {
                try (var st = c.createStatement()) {
                    st.execute("PRAGMA foreign_keys = ON");
                    st.execute("PRAGMA busy_timeout = 10000");
                    st.execute("PRAGMA journal_mode = WAL");
                }
            }
            return new JdbcCaseStore(jdbcUrl, c);
        } catch (SQLException e) {
            throw new StoreException("cannot open the case store " + redactUrl(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    /** The URL without its password, for messages. */
    public static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public String url() {
        return redactUrl(url);
    }

    /** A failure of the store, unchecked (pages show its message). */
    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String now() {
        return Instant.now().toString();
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }

    private synchronized <T> T tx(Sql<T> body) {
        try {
            conn.setAutoCommit(false);
            try {
                T t = body.run();
                conn.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("case store: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(row.map(rs));
                return out;
            }
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static final Row<User> USER = rs -> new User(rs.getString("id"), rs.getString("name"), Role.valueOf(rs.getString("role")));
    private static final Row<Case> CASE = rs -> new Case(rs.getString("id"), rs.getString("title"), rs.getString("created"),
            rs.getString("created_by"), rs.getInt("new_alerts"), rs.getString("folder"));
    private static final Row<Evidence> EVIDENCE = rs -> new Evidence(rs.getString("id"), rs.getString("case_id"), rs.getString("name"),
            rs.getString("path"), rs.getInt("uploaded") != 0, rs.getLong("size"), rs.getString("created"));
    private static final Row<Run> RUN = rs -> new Run(rs.getString("id"), rs.getString("case_id"), rs.getString("evidence_id"),
            rs.getString("kind"), rs.getString("evidence_type"), rs.getString("status"), rs.getString("started"), rs.getString("finished"),
            rs.getString("results_dir"), rs.getString("error"), rs.getInt("alerts"), rs.getInt("serious"), rs.getInt("new_alerts"),
            rs.getString("verdict"));
    private static final Row<StoredAlert> ALERT = rs -> new StoredAlert(rs.getString("id"), rs.getString("case_id"), rs.getString("run_id"),
            rs.getString("evidence_id"), rs.getString("level"), rs.getString("module"), rs.getString("message"), rs.getString("event_time"),
            rs.getString("ioc_type"), rs.getString("ioc_value"), rs.getString("collection"), rs.getString("source"),
            rs.getString("fingerprint"), rs.getInt("is_new") != 0, rs.getString("found"));

    // ------------------------------------------------------------------ users

    @Override
    public User createUser(String name, Role role, String passwordHash) {
        String n = name.strip();
        if (n.isEmpty() || n.length() > 200) throw new IllegalArgumentException("a user name has 1 to 200 characters");
        return tx(() -> {
            if (!query("SELECT id FROM users WHERE name = ?", rs -> rs.getString(1), n).isEmpty()) {
                throw new IllegalArgumentException("user " + n + " already exists");
            }
            String id = newId();
            update("INSERT INTO users (id, name, role, password_hash, created) VALUES (?, ?, ?, ?, ?)", id, n, role.name(), passwordHash, now());
            return new User(id, n, role);
        });
    }

    @Override
    public Optional<User> user(String id) {
        return tx(() -> query("SELECT * FROM users WHERE id = ?", USER, id).stream().findFirst());
    }

    @Override
    public Optional<User> userByName(String name) {
        return tx(() -> query("SELECT * FROM users WHERE name = ?", USER, name).stream().findFirst());
    }

    @Override
    public Optional<String> passwordHash(String name) {
        return tx(() -> query("SELECT password_hash FROM users WHERE name = ?", rs -> rs.getString(1), name).stream().findFirst());
    }

    @Override
    public List<User> users() {
        return tx(() -> query("SELECT * FROM users ORDER BY name", USER));
    }

    @Override
    public boolean hasUsers() {
        return tx(() -> query("SELECT COUNT(*) FROM users", rs -> rs.getLong(1)).get(0) > 0);
    }

    // ------------------------------------------------------------------ cases

    @Override
    public Case createCase(String title, String createdBy, Function<String, String> folderForId) {
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) t = "Untitled case";
        if (t.length() > 500) t = t.substring(0, 500);
        String id = newId();
        String folder = folderForId.apply(id);
        String ft = t;
        return tx(() -> {
            String created = now();
            update("INSERT INTO cases (id, title, created, created_by, new_alerts, folder) VALUES (?, ?, ?, ?, 0, ?)", id, ft, created, createdBy, folder);
            if (createdBy != null) update("INSERT INTO case_access (case_id, user_id) VALUES (?, ?)", id, createdBy);
            return new Case(id, ft, created, createdBy, 0, folder);
        });
    }

    @Override
    public Optional<Case> caseById(String id) {
        return tx(() -> query("SELECT * FROM cases WHERE id = ?", CASE, id).stream().findFirst());
    }

    @Override
    public List<Case> cases() {
        return tx(() -> query("SELECT * FROM cases ORDER BY created DESC, id", CASE));
    }

    @Override
    public List<Case> casesVisibleTo(User user) {
        if (user == null || user.role() == Role.ADMIN) return cases();
        return tx(() -> query("SELECT c.* FROM cases c JOIN case_access a ON a.case_id = c.id WHERE a.user_id = ? ORDER BY c.created DESC, c.id",
                CASE, user.id()));
    }

    @Override
    public boolean mayAccess(User user, String caseId) {
        if (user == null || user.role() == Role.ADMIN) return caseById(caseId).isPresent();
        return tx(() -> !query("SELECT 1 FROM case_access WHERE case_id = ? AND user_id = ?", rs -> 1, caseId, user.id()).isEmpty());
    }

    @Override
    public void grant(String caseId, String userId) {
        tx(() -> {
            if (query("SELECT 1 FROM case_access WHERE case_id = ? AND user_id = ?", rs -> 1, caseId, userId).isEmpty()) {
                update("INSERT INTO case_access (case_id, user_id) VALUES (?, ?)", caseId, userId);
            }
            return null;
        });
    }

    @Override
    public void markSeen(String caseId) {
        tx(() -> {
            update("UPDATE alerts SET is_new = 0 WHERE case_id = ?", caseId);
            update("UPDATE cases SET new_alerts = 0 WHERE id = ?", caseId);
            return null;
        });
    }

    // ------------------------------------------------------------------ evidence

    @Override
    public Evidence addEvidence(String caseId, String name, String path, boolean uploaded, long size) {
        String id = newId();
        String created = now();
        return tx(() -> {
            update("INSERT INTO evidence (id, case_id, name, path, uploaded, size, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    id, caseId, name, path, uploaded ? 1 : 0, size, created);
            return new Evidence(id, caseId, name, path, uploaded, size, created);
        });
    }

    /** Adds evidence under a chosen id (the upload folder is named after it before the row exists). */
    public Evidence addEvidence(String id, String caseId, String name, String path, boolean uploaded, long size) {
        String created = now();
        return tx(() -> {
            update("INSERT INTO evidence (id, case_id, name, path, uploaded, size, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    id, caseId, name, path, uploaded ? 1 : 0, size, created);
            return new Evidence(id, caseId, name, path, uploaded, size, created);
        });
    }

    @Override
    public Optional<Evidence> evidence(String id) {
        return tx(() -> query("SELECT * FROM evidence WHERE id = ?", EVIDENCE, id).stream().findFirst());
    }

    @Override
    public List<Evidence> evidenceOf(String caseId) {
        return tx(() -> query("SELECT * FROM evidence WHERE case_id = ? ORDER BY created, id", EVIDENCE, caseId));
    }

    // ------------------------------------------------------------------ runs and alerts

    @Override
    public Run startRun(String caseId, String evidenceId, String kind, String evidenceType, String resultsDir) {
        String id = newId();
        String started = now();
        return tx(() -> {
            update("INSERT INTO runs (id, case_id, evidence_id, kind, evidence_type, status, started, results_dir) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
                    id, caseId, evidenceId, kind, evidenceType, started, resultsDir);
            return new Run(id, caseId, evidenceId, kind, evidenceType, "running", started, null, resultsDir, null, 0, 0, 0, null);
        });
    }

    /** Starts a run whose results folder is named after its id. */
    public Run startRun(String caseId, String evidenceId, String kind, String evidenceType, Function<String, String> resultsDirForId) {
        String id = newId();
        String started = now();
        String dir = resultsDirForId.apply(id);
        return tx(() -> {
            update("INSERT INTO runs (id, case_id, evidence_id, kind, evidence_type, status, started, results_dir) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
                    id, caseId, evidenceId, kind, evidenceType, started, dir);
            return new Run(id, caseId, evidenceId, kind, evidenceType, "running", started, null, dir, null, 0, 0, 0, null);
        });
    }

    @Override
    public int finishRun(String runId, List<Alert> alerts, String verdict, boolean markNew) {
        return tx(() -> {
            Run run = query("SELECT * FROM runs WHERE id = ?", RUN, runId).stream().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no run " + runId));
            Set<String> seen = new HashSet<>(query("SELECT fingerprint FROM alerts WHERE case_id = ?", rs -> rs.getString(1), run.caseId()));
            String found = now();
            int fresh = 0;
            int serious = 0;
            Set<String> counted = new HashSet<>();
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO alerts (id, case_id, run_id, evidence_id, level, module, message, "
                    + "event_time, ioc_type, ioc_value, collection, source, fingerprint, is_new, found) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Alert a : alerts) {
                    String fp = fingerprint(a);
                    boolean isNew = markNew && !seen.contains(fp);
                    if (isNew && counted.add(fp)) fresh++;
                    if (a.level().isSerious()) serious++;
                    var mi = a.matchedIndicator();
                    bind(ps, newId(), run.caseId(), runId, run.evidenceId(), a.level().name(), a.module(), a.message(), a.eventTime(),
                            mi == null ? null : mi.type(), mi == null ? null : mi.value(), mi == null ? null : mi.collection(),
                            mi == null ? null : mi.source(), fp, isNew ? 1 : 0, found);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            update("UPDATE runs SET status = 'done', finished = ?, alerts = ?, serious = ?, new_alerts = ?, verdict = ? WHERE id = ?",
                    found, alerts.size(), serious, fresh, verdict, runId);
            if (fresh > 0) update("UPDATE cases SET new_alerts = new_alerts + ? WHERE id = ?", fresh, run.caseId());
            return fresh;
        });
    }

    /** What makes two alerts the same finding: level, module, message, time and indicator. */
    public static String fingerprint(Alert a) {
        var mi = a.matchedIndicator();
        String s = String.join("\u0000", a.level().name(), a.module(), String.valueOf(a.message()), String.valueOf(a.eventTime()),
                mi == null ? "" : mi.type() + "\u0001" + mi.value() + "\u0001" + mi.collection());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void failRun(String runId, String error) {
        tx(() -> update("UPDATE runs SET status = 'failed', finished = ?, error = ? WHERE id = ?", now(),
                error == null ? "failed" : error.length() > 4000 ? error.substring(0, 4000) : error, runId));
    }

    @Override
    public Optional<Run> run(String id) {
        return tx(() -> query("SELECT * FROM runs WHERE id = ?", RUN, id).stream().findFirst());
    }

    @Override
    public List<Run> runsOf(String caseId) {
        return tx(() -> query("SELECT * FROM runs WHERE case_id = ? ORDER BY started DESC, id", RUN, caseId));
    }

    @Override
    public List<Run> latestDoneRuns() {
        return tx(() -> latest(query("SELECT * FROM runs WHERE status = 'done' ORDER BY case_id, evidence_id, started DESC, id", RUN)));
    }

    private static List<Run> latest(List<Run> sorted) {
        Map<String, Run> out = new LinkedHashMap<>();
        for (Run r : sorted) out.putIfAbsent(r.evidenceId(), r);
        return new ArrayList<>(out.values());
    }

    @Override
    public List<StoredAlert> alertsOf(String caseId) {
        return tx(() -> {
            List<Run> latest = latest(query("SELECT * FROM runs WHERE case_id = ? AND status = 'done' ORDER BY evidence_id, started DESC, id", RUN, caseId));
            List<StoredAlert> out = new ArrayList<>();
            for (Run r : latest) out.addAll(query("SELECT * FROM alerts WHERE run_id = ?", ALERT, r.id()));
            out.sort((a, b) -> {
                if (a.isNew() != b.isNew()) return a.isNew() ? -1 : 1;
                int c = Integer.compare(levelRank(a.level()), levelRank(b.level()));
                if (c != 0) return c;
                c = String.valueOf(a.eventTime()).compareTo(String.valueOf(b.eventTime()));
                return c != 0 ? c : a.fingerprint().compareTo(b.fingerprint());
            });
            return out;
        });
    }

    private static int levelRank(String level) {
        try {
            return dev.vigil.core.model.Level.valueOf(level.toUpperCase(Locale.ROOT)).ordinal();
        } catch (IllegalArgumentException e) {
            return 99;
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            // closing: nothing more to do
        }
    }

    static String iso(Instant t) {
        return Times.iso(t);
    }
}
