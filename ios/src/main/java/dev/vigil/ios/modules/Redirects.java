package dev.vigil.ios.modules;

import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.time.Duration;

/** The fast cross-domain redirect heuristic shared by the browser history modules. */
final class Redirects {
    /** A redirect followed within this time is automatic, not a user click. */
    static final Duration FAST = Duration.ofSeconds(5);

    private Redirects() {}

    /** Raises a LOW alert when {@code from} led to {@code to} on another site within {@link #FAST}. */
    static void check(Checker checker, Record r, String browser, String from, String to, long elapsedMs) {
        if (from == null || to == null || elapsedMs < 0 || elapsedMs > FAST.toMillis()) return;
        String a = SafariHistory.site(Db.host(from)), b = SafariHistory.site(Db.host(to));
        if (a == null || b == null || a.equals(b)) return;
        checker.alert(Level.LOW, r,
                browser + " was redirected from " + a + " to " + b + " within " + elapsedMs + " ms (" + Links.brief(from, 80) + " -> " + Links.brief(to, 80) + ")",
                "A redirect to another domain within " + FAST.toSeconds() + " s is automatic. Pegasus, Predator and other one-click infection "
                        + "links went through such chains of domains before the exploit server; look at the domains and what happened on the device next.",
                "Link shorteners, sign-in pages, trackers and advertising redirect this way all day; a redirect is not an infection. It "
                        + "matters when one of the domains is unknown, newly registered or matches an indicator.");
    }
}
