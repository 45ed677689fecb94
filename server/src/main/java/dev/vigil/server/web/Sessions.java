package dev.vigil.server.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions: created when the access token is presented, kept in memory only (a
 * restart asks for the new token). Each holds its CSRF token and, in team mode, its user.
 */
final class Sessions {
    static final Duration IDLE = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    static final class Session {
        final String id;
        final String csrf;
        volatile String userId;
        volatile long lastSeen = System.nanoTime();

        Session(String id, String csrf) {
            this.id = id;
            this.csrf = csrf;
        }
    }

    /** 256 random bits, base64url. */
    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static boolean same(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    Session create() {
        Session s = new Session(random(), random());
        sessions.put(s.id, s);
        return s;
    }

    /** A new session id for the same browser after login (no session fixation). */
    Session rotate(Session old, String userId) {
        sessions.remove(old.id);
        Session s = new Session(random(), random());
        s.userId = userId;
        sessions.put(s.id, s);
        return s;
    }

    Session get(String id) {
        if (id == null) return null;
        Session s = sessions.get(id);
        if (s == null) return null;
        if (System.nanoTime() - s.lastSeen > IDLE.toNanos()) {
            sessions.remove(id);
            return null;
        }
        s.lastSeen = System.nanoTime();
        return s;
    }

    void remove(Session s) {
        sessions.remove(s.id);
    }
}
