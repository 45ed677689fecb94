package dev.vigil.server.store;

import dev.vigil.core.model.Alert;

import java.util.List;
import java.util.Optional;

/**
 * Where the web app keeps its cases: users, cases and who may see them, evidence, runs and
 * their alerts. The evidence itself and the result folders stay on disk (their paths are
 * stored); the store holds what the pages list and what retro-hunting compares.
 */
public interface CaseStore extends AutoCloseable {
    enum Role { ADMIN, ANALYST }

    record User(String id, String name, Role role) {}

    record Case(String id, String title, String created, String createdBy, int newAlerts, String folder) {}

    record Evidence(String id, String caseId, String name, String path, boolean uploaded, long size, String created) {}

    /** One check or re-check of one piece of evidence. Status: running, done, failed. */
    record Run(String id, String caseId, String evidenceId, String kind, String evidenceType, String status, String started,
               String finished, String resultsDir, String error, int alerts, int serious, int newAlerts, String verdict) {}

    record StoredAlert(String id, String caseId, String runId, String evidenceId, String level, String module, String message,
                       String eventTime, String iocType, String iocValue, String collection, String source, String fingerprint,
                       boolean isNew, String found) {}

    // users
    User createUser(String name, Role role, String passwordHash);

    Optional<User> user(String id);

    Optional<User> userByName(String name);

    /** The stored password hash of a user, for login. */
    Optional<String> passwordHash(String name);

    List<User> users();

    /** True when accounts exist: the web app then asks for a login (team mode). */
    boolean hasUsers();

    // cases
    Case createCase(String title, String createdBy, java.util.function.Function<String, String> folderForId);

    Optional<Case> caseById(String id);

    /** Every case, newest first. */
    List<Case> cases();

    /** The cases a user may see: all for an admin, else those they created or were given. */
    List<Case> casesVisibleTo(User user);

    boolean mayAccess(User user, String caseId);

    void grant(String caseId, String userId);

    /** Clears the "new alerts" marks of a case. */
    void markSeen(String caseId);

    // evidence
    Evidence addEvidence(String caseId, String name, String path, boolean uploaded, long size);

    Optional<Evidence> evidence(String id);

    List<Evidence> evidenceOf(String caseId);

    // runs
    Run startRun(String caseId, String evidenceId, String kind, String evidenceType, String resultsDir);

    /**
     * Finishes a run: stores its alerts, marking as new those whose fingerprint the case has
     * not seen before when {@code markNew} (retro-hunt); returns how many were new.
     */
    int finishRun(String runId, List<Alert> alerts, String verdict, boolean markNew);

    void failRun(String runId, String error);

    Optional<Run> run(String id);

    /** The runs of a case, newest first. */
    List<Run> runsOf(String caseId);

    /** The latest finished run of each piece of evidence of every case (what retro-hunting re-checks). */
    List<Run> latestDoneRuns();

    /** The alerts of a case from the latest run of each piece of evidence, new first, then by level. */
    List<StoredAlert> alertsOf(String caseId);

    @Override
    void close();
}
