package dev.vigil.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * One parsed row, line or entry of an artifact: an ordered map of plain JSON values
 * (String, Number, Boolean, null, List, Map). Records are written to {@code <slug>.json}
 * and read back unchanged, so a later indicator set can be checked against them without
 * re-reading the evidence. Times are stored as ISO-8601 UTC strings.
 *
 * <p>A check keeps every record of every module until the result folder is written (the
 * cross-module analyzers and the report need them), often several hundred thousand; so a
 * record is one flat array of alternating keys and values rather than a hash map, a fifth of
 * the memory. Records have a few dozen fields at most: a lookup is a short scan, first by
 * identity (keys are string literals of the module that wrote them), then by equality.
 */
@JsonSerialize(using = Record.Serializer.class)
public final class Record {
    private Object[] kv;
    private int size; // number of fields
    /** Bit (hash mod 64) set for the hash of every key put: a clear bit means the key is absent. */
    private long keyBits;

    public Record() {
        this.kv = new Object[16];
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Record(Map<String, Object> fields) {
        this.kv = new Object[Math.max(2, fields.size() * 2)];
        for (Map.Entry<String, Object> e : fields.entrySet()) put(e.getKey(), e.getValue());
    }

    /** Builds a record from alternating keys and values. */
    public static Record of(Object... kv) {
        if (kv.length % 2 != 0) throw new IllegalArgumentException("odd number of arguments");
        Record r = new Record();
        for (int i = 0; i < kv.length; i += 2) r.put((String) kv[i], kv[i + 1]);
        return r;
    }

    private int indexOf(String key) {
        int h = key.hashCode(); // kept in the string: a field read for the literal names modules use
        // A key never set is known absent without looking at any field (most puts: records are built field by field).
        if ((keyBits & (1L << h)) == 0) return -1;
        int n = size * 2;
        for (int i = 0; i < n; i += 2) if (kv[i] == key) return i;
        for (int i = 0; i < n; i += 2) {
            String k = (String) kv[i];
            if (k.hashCode() == h && k.equals(key)) return i;
        }
        return -1;
    }

    /** Sets a field; an {@link Instant} is stored as its ISO-8601 text. Returns this record. */
    public Record put(String key, Object value) {
        Objects.requireNonNull(key);
        Object v = normalise(value);
        int i = indexOf(key);
        if (i >= 0) {
            kv[i + 1] = v;
            return this;
        }
        if (size * 2 == kv.length) kv = Arrays.copyOf(kv, kv.length * 2);
        keyBits |= 1L << key.hashCode();
        kv[size * 2] = key;
        kv[size * 2 + 1] = v;
        size++;
        return this;
    }

    private static Object normalise(Object v) {
        if (v instanceof Instant i) return Times.iso(i);
        if (v instanceof Enum<?> e) return e.name();
        if (v instanceof byte[]) throw new IllegalArgumentException("store bytes as hex or base64 text");
        return v;
    }

    public Object get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : kv[i + 1];
    }

    public boolean has(String key) {
        return get(key) != null;
    }

    /** The number of fields. */
    public int size() {
        return size;
    }

    /** The field as text, or null. Numbers and booleans are converted. */
    public String str(String key) {
        Object v = get(key);
        return v == null ? null : v.toString();
    }

    public long num(String key, long dflt) {
        Object v = get(key);
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
        Object v = get(key);
        return v instanceof Boolean b ? b : v != null && "true".equalsIgnoreCase(v.toString());
    }

    /** The field as a list of strings (non-list values become a one-element list). */
    public List<String> strings(String key) {
        Object v = get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l.stream().filter(Objects::nonNull).map(Object::toString).toList();
        return List.of(v.toString());
    }

    /** The field parsed as an ISO-8601 instant, or null. */
    public Instant time(String key) {
        return Times.parseIso(str(key));
    }

    /** The fields in insertion order, as a read-only map view. */
    public Map<String, Object> fields() {
        return new FieldsView();
    }

    /** Trims the backing array to the fields present (for records kept until the end of a run). */
    public Record compact() {
        if (kv.length > size * 2) kv = Arrays.copyOf(kv, Math.max(2, size * 2));
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r && fields().equals(r.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        return fields().toString();
    }

    private final class FieldsView extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            return key instanceof String s ? Record.this.get(s) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && indexOf(s) >= 0;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < size;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (i >= size) throw new NoSuchElementException();
                            Entry<String, Object> e = new SimpleImmutableEntry<>((String) kv[2 * i], kv[2 * i + 1]);
                            i++;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }

    /**
     * Writes this record as a JSON object of its fields in order, straight to the generator
     * (no map in between, no serializer lookup per record): the same bytes Jackson's own
     * serializers would write for these plain values.
     */
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject(this);
        for (int i = 0, n = size * 2; i < n; i += 2) {
            String key = (String) kv[i];
            SerializableString pre = name(key);
            if (pre != null) g.writeFieldName(pre);
            else g.writeFieldName(key);
            writeValue(g, kv[i + 1], 0);
        }
        g.writeEndObject();
    }

    /**
     * Field names with their JSON text made once: the same few dozen names are written for
     * every record (a tenth of the cost of writing records was encoding them). Bounded, as
     * some names come from the evidence; only plain printable ASCII names, which have one
     * JSON form (the others are written by the generator itself).
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, SerializedString> NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_NAMES = 4096;

    private static SerializableString name(String key) {
        SerializedString s = NAMES.get(key);
        if (s == null) {
            if (NAMES.size() >= MAX_NAMES) return null;
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return null;
            }
            s = new SerializedString(key);
            NAMES.putIfAbsent(key, s);
        }
        return s;
    }

    private static void writeValue(JsonGenerator g, Object v, int depth) throws IOException {
        if (v == null) g.writeNull();
        else if (v instanceof String s) g.writeString(s);
        else if (v instanceof Long l) g.writeNumber(l);
        else if (v instanceof Integer n) g.writeNumber(n);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else if (v instanceof Double d) g.writeNumber(d);
        else if (depth < 64 && v instanceof List<?> l) {
            g.writeStartArray();
            for (Object e : l) writeValue(g, e, depth + 1);
            g.writeEndArray();
        } else if (depth < 64 && v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else {
            g.writeObject(v);
        }
    }

    /** Jackson's view of a record: {@link #writeJson}. */
    static final class Serializer extends StdSerializer<Record> {
        Serializer() {
            super(Record.class);
        }

        @Override
        public void serialize(Record r, JsonGenerator g, SerializerProvider p) throws IOException {
            r.writeJson(g);
        }
    }
}
