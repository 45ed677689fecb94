package dev.vigil.core.ioc;

import java.util.Objects;

/**
 * One indicator of compromise.
 *
 * @param type       what kind of value it is
 * @param value      the value as published (normalised by the loader: lower case where the
 *                   kind is case-insensitive)
 * @param collection the name of the campaign or malware it belongs to, e.g. "NSO Group Pegasus"
 * @param source     the file (or publication) it was loaded from, as shown to users
 * @param id         the STIX id or another stable id within its source, may be null
 */
public record Indicator(IndicatorType type, String value, String collection, String source, String id) {
    public Indicator {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        collection = collection == null ? "" : collection;
        source = source == null ? "" : source;
    }
}
