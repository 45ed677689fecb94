package dev.vigil.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What happened to a module in a run. */
public enum ModuleStatus {
    /** The artifact was found and parsed (possibly with warnings). */
    OK,
    /** The artifact is not in this evidence: a normal answer, reported, never silent. */
    NOT_FOUND,
    /** The artifact was there but could not be read; the error says why. */
    ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
