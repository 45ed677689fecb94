package dev.vigil.core.model;

/** Severity of an alert, highest first. Names are written as-is into alerts.json. */
public enum Level {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    /** True for the levels that make a check exit with status 3. */
    public boolean isSerious() {
        return this == CRITICAL || this == HIGH;
    }
}
