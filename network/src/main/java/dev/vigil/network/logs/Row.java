package dev.vigil.network.logs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** One log entry, whatever its format: a field by name, as text, or null when unset. */
interface Row {
    String get(String field);

    /** A multi-valued field (a JSON array or a separated list) as its values. */
    default List<String> list(String field, String separator) {
        String v = get(field);
        if (v == null || v.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (String p : v.split(java.util.regex.Pattern.quote(separator))) {
            String t = p.strip();
            if (!t.isEmpty() && out.size() < 64) out.add(t);
        }
        return out;
    }

    static Row json(JsonNode node) {
        return new Row() {
            @Override
            public String get(String field) {
                JsonNode n = node.get(field);
                if (n == null && field.indexOf('.') > 0) n = node.at("/" + field.replace(".", "/"));
                return text(n);
            }

            @Override
            public List<String> list(String field, String separator) {
                JsonNode n = node.get(field);
                if (n == null && field.indexOf('.') > 0) n = node.at("/" + field.replace(".", "/"));
                if (n != null && n.isArray()) {
                    List<String> out = new ArrayList<>();
                    for (JsonNode e : n) {
                        String t = text(e);
                        if (t != null && !t.isEmpty() && out.size() < 64) out.add(t);
                    }
                    return out;
                }
                return Row.super.list(field, separator);
            }
        };
    }

    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isValueNode()) return n.asText();
        return n.toString();
    }

    static int port(String v) {
        if (v == null) return -1;
        try {
            int p = (int) Double.parseDouble(v.strip());
            return p >= 0 && p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static long num(String v) {
        if (v == null) return 0;
        try {
            return Math.max(0, (long) Double.parseDouble(v.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
