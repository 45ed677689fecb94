package dev.vigil.core.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One parsed row, line or entry of an artifact: an ordered map of plain JSON values
 * (String, Number, Boolean, null, List, Map). Records are written to {@code <slug>.json}
 * and read back unchanged, so a later indicator set can be checked against them without
 * re-reading the evidence. Times are stored as ISO-8601 UTC strings.
 */
public final class Record {
    private final LinkedHashMap<String, Object> fields;

    public Record() {
        this.fields = new LinkedHashMap<>();
    }

    @JsonCreator
    public Record(Map<String, Object> fields) {
        this.fields = new LinkedHashMap<>(fields);
    }

    /** Builds a record from alternating keys and values. */
    public static Record of(Object... kv) {
        if (kv.length % 2 != 0) throw new IllegalArgumentException("odd number of arguments");
        Record r = new Record();
        for (int i = 0; i < kv.length; i += 2) r.put((String) kv[i], kv[i + 1]);
        return r;
    }

    /** Sets a field; an {@link Instant} is stored as its ISO-8601 text. Returns this record. */
    @JsonAnySetter
    public Record put(String key, Object value) {
        fields.put(Objects.requireNonNull(key), normalise(value));
        return this;
    }

    private static Object normalise(Object v) {
        if (v instanceof Instant i) return Times.iso(i);
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof byte[]) throw new IllegalArgumentException("store bytes as hex or base64 text");
        return v;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public boolean has(String key) {
        return fields.get(key) != null;
    }

    /** The field as text, or null. Numbers and booleans are converted. */
    public String str(String key) {
        Object v = fields.get(key);
        return v == null ? null : v.toString();
    }

    public long num(String key, long dflt) {
        Object v = fields.get(key);
        if (v instanceof Number n) return n.longValue();
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    public boolean bool(String key) {
        Object v = fields.get(key);
        return v instanceof Boolean b ? b : v != null && "true".equalsIgnoreCase(v.toString());
    }

    /** The field as a list of strings (non-list values become a one-element list). */
    public List<String> strings(String key) {
        Object v = fields.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l.stream().filter(Objects::nonNull).map(Object::toString).toList();
        return List.of(v.toString());
    }

    /** The field parsed as an ISO-8601 instant, or null. */
    public Instant time(String key) {
        return Times.parseIso(str(key));
    }

    @JsonValue
    @JsonAnyGetter
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r && r.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
