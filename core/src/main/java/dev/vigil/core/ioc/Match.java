package dev.vigil.core.ioc;

/**
 * A positive answer from {@link Indicators}.
 *
 * @param indicator the indicator that matched
 * @param matched   the part of the checked value that matched (a host, a path, a name)
 * @param note      how it matched when not exactly, e.g. "subdomain of evil.com" or
 *                  "truncated process name"; null for an exact match
 */
public record Match(Indicator indicator, String matched, String note) {
    public boolean exact() {
        return note == null;
    }
}
