package dev.vigil.server.store;

import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The case store against SQLite (always) and a real PostgreSQL server (when
 * VIGIL_TEST_PG_URL is set, as .ci/run does after starting one).
 */
public class CaseStoreTest {
    @TempDir
    Path tmp;
    JdbcCaseStore store;

    static String pgUrl() {
        return System.getenv("VIGIL_TEST_PG_URL");
    }

    /** A clean store of the given kind. PostgreSQL: the test database's schema is dropped first. */
    JdbcCaseStore open(String kind) throws Exception {
        if (kind.equals("postgresql")) {
            Assumptions.assumeTrue(pgUrl() != null, "VIGIL_TEST_PG_URL is not set");
            resetPostgres(pgUrl());
            return JdbcCaseStore.open(pgUrl());
        }
        return JdbcCaseStore.open("jdbc:sqlite:" + tmp.resolve("cases.db"));
    }

    public static void resetPostgres(String url) throws Exception {
        try (var c = DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    static Alert alert(Level level, String msg, String ioc) {
        return new Alert(level, "sms", msg, "2021-07-14T10:00:00Z", Record.of("body", "x"),
                ioc == null ? null : new Alert.MatchedIndicator("domain-name", ioc, "NSO Group Pegasus", "test", null), "why", "caveat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void storesCasesEvidenceRunsAndAlerts(String kind) throws Exception {
        store = open(kind);
        assertThat(store.hasUsers()).isFalse();
        var c = store.createCase("  Jane's phone  ", null, id -> tmp.resolve(id).toString());
        assertThat(c.title()).isEqualTo("Jane's phone");
        assertThat(store.cases()).extracting(CaseStore.Case::id).containsExactly(c.id());
        var ev = store.addEvidence(c.id(), "backup.zip", "/x/backup.zip", true, 1234);
        assertThat(store.evidenceOf(c.id())).containsExactly(ev);
        var run = store.startRun(c.id(), ev.id(), "check", "ios-backup", "/r/1");
        assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo("running");
        int fresh = store.finishRun(run.id(), List.of(alert(Level.CRITICAL, "link", "evil.example"), alert(Level.MEDIUM, "odd", null)), "STRONG", false);
        assertThat(fresh).isZero();
        var done = store.run(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo("done");
        assertThat(done.alerts()).isEqualTo(2);
        assertThat(done.serious()).isEqualTo(1);
        assertThat(done.verdict()).isEqualTo("STRONG");
        assertThat(store.alertsOf(c.id())).extracting(CaseStore.StoredAlert::level).containsExactly("CRITICAL", "MEDIUM");

        // a re-check with one more alert: only that one is new, and the case is marked
        var again = store.startRun(c.id(), ev.id(), "retro-hunt", "ios-backup", "/r/2");
        fresh = store.finishRun(again.id(), List.of(alert(Level.CRITICAL, "link", "evil.example"), alert(Level.MEDIUM, "odd", null),
                alert(Level.CRITICAL, "other link", "worse.example")), "STRONG", true);
        assertThat(fresh).isEqualTo(1);
        assertThat(store.caseById(c.id()).orElseThrow().newAlerts()).isEqualTo(1);
        List<CaseStore.StoredAlert> alerts = store.alertsOf(c.id());
        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(0).isNew()).isTrue();
        assertThat(alerts.get(0).iocValue()).isEqualTo("worse.example");
        assertThat(store.latestDoneRuns()).extracting(CaseStore.Run::id).containsExactly(again.id());
        store.markSeen(c.id());
        assertThat(store.caseById(c.id()).orElseThrow().newAlerts()).isZero();
        assertThat(store.alertsOf(c.id())).noneMatch(CaseStore.StoredAlert::isNew);

        var failed = store.startRun(c.id(), ev.id(), "check", null, "/r/3");
        store.failRun(failed.id(), "wrong password");
        assertThat(store.run(failed.id()).orElseThrow().error()).isEqualTo("wrong password");
        assertThat(store.latestDoneRuns()).extracting(CaseStore.Run::id).containsExactly(again.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void usersSeeOnlyTheirCases(String kind) throws Exception {
        store = open(kind);
        PasswordHasher hasher = new PasswordHasher(10_000);
        var admin = store.createUser("admin", CaseStore.Role.ADMIN, hasher.hash("correct horse".toCharArray()));
        var ana = store.createUser("ana", CaseStore.Role.ANALYST, hasher.hash("battery staple".toCharArray()));
        var bob = store.createUser("bob", CaseStore.Role.ANALYST, hasher.hash("battery staple".toCharArray()));
        assertThat(store.hasUsers()).isTrue();
        assertThatThrownBy(() -> store.createUser("ana", CaseStore.Role.ANALYST, "x")).hasMessageContaining("already exists");
        var anaCase = store.createCase("Ana's case", ana.id(), id -> tmp.resolve(id).toString());
        var bobCase = store.createCase("Bob's case", bob.id(), id -> tmp.resolve(id).toString());
        assertThat(store.casesVisibleTo(ana)).extracting(CaseStore.Case::id).containsExactly(anaCase.id());
        assertThat(store.casesVisibleTo(admin)).hasSize(2);
        assertThat(store.mayAccess(ana, bobCase.id())).isFalse();
        assertThat(store.mayAccess(admin, bobCase.id())).isTrue();
        store.grant(bobCase.id(), ana.id());
        store.grant(bobCase.id(), ana.id());
        assertThat(store.mayAccess(ana, bobCase.id())).isTrue();
        assertThat(store.casesVisibleTo(ana)).hasSize(2);
        assertThat(PasswordHasher.verify("battery staple".toCharArray(), store.passwordHash("ana").orElseThrow())).isTrue();
        assertThat(PasswordHasher.verify("battery stapler".toCharArray(), store.passwordHash("ana").orElseThrow())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void migrationsAreAppliedOnceAndTheStoreReopens(String kind) throws Exception {
        store = open(kind);
        var c = store.createCase("kept", null, id -> tmp.resolve(id).toString());
        store.close();
        String url = kind.equals("sqlite") ? "jdbc:sqlite:" + tmp.resolve("cases.db") : pgUrl();
        store = JdbcCaseStore.open(url);
        assertThat(store.caseById(c.id())).isPresent();
        try (var conn = DriverManager.getConnection(url); var st = conn.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = " + (kind.equals("sqlite") ? "1" : "true"))) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @org.junit.jupiter.api.Test
    void passwordHashes() {
        String h = new PasswordHasher().hash("correct horse battery".toCharArray());
        assertThat(h).startsWith("pbkdf2-sha256$600000$");
        assertThat(PasswordHasher.verify("correct horse battery".toCharArray(), h)).isTrue();
        assertThat(PasswordHasher.verify("correct horse batterY".toCharArray(), h)).isFalse();
        assertThat(new PasswordHasher().hash("correct horse battery".toCharArray())).isNotEqualTo(h);
        assertThat(PasswordHasher.verify("x".toCharArray(), "garbage")).isFalse();
        assertThatThrownBy(() -> new PasswordHasher().hash("short".toCharArray())).hasMessageContaining("8 characters");
        assertThat(JdbcCaseStore.redactUrl("jdbc:postgresql://h/db?user=u&password=secret&x=1")).isEqualTo("jdbc:postgresql://h/db?user=u&password=***&x=1");
    }
}
