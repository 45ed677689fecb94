package dev.vigil.core.report.html;

import dev.vigil.core.model.Record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides personal content for a report that will be shared ({@code --redact}). Three layers:
 * <ol>
 *   <li><b>By field name</b>: a record field whose lower-case name is one of {@link #SENSITIVE}
 *       or ends with {@code _<one of them>} (e.g. {@code body}, {@code text}, {@code contact_name},
 *       {@code phone_number}, {@code sender}, {@code email}) is replaced whole, nested values included.</li>
 *   <li><b>By value</b>: the values those fields held (at least 4 characters) are also cut out of
 *       the free text of the same module (timeline details, alert messages, other fields), since
 *       modules repeat them in their one-line descriptions.</li>
 *   <li><b>By pattern</b>: e-mail addresses and phone numbers (7 to 15 digits, optionally with
 *       a leading +, spaces, dashes, dots or brackets; ISO dates and times are left alone) in any
 *       remaining free text.</li>
 * </ol>
 * Indicator values (the published domain, URL, process...), times, module names and Vigil's
 * own explanations are kept: they are what an expert needs and are public.
 */
public final class Redactor {
    /** Field names (or {@code _name} suffixes) whose values are personal content. */
    public static final Set<String> SENSITIVE = Set.of(
            "body", "text", "subject", "snippet", "content", "contents", "contact", "contacts", "contact_name",
            "display_name", "first_name", "last_name", "full_name", "nickname", "sender", "recipient", "recipients",
            "participants", "participant", "caller", "callee", "from", "to", "cc", "bcc", "phone", "phone_number",
            "number", "address", "handle", "email", "emails", "mail", "account", "username", "user_name", "owner",
            "chat_identifier", "destination_caller_id", "caller_id");

    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");
    private static final Pattern PHONE = Pattern.compile("(?<![\\p{L}\\p{N}_/:=&?#])\\+?\\(?\\d[\\d ().-]{5,22}\\d(?![\\p{L}\\p{N}_])");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}|\\d{1,2}:\\d{2}|^\\d{1,3}(\\.\\d{1,3}){3}$");

    private final String mask;
    private final Map<String, List<String>> valuesByModule = new HashMap<>();

    public Redactor(String mask) {
        this.mask = mask;
    }

    public static boolean sensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (SENSITIVE.contains(k)) return true;
        int u = k.lastIndexOf('_');
        return u >= 0 && SENSITIVE.contains(k.substring(u + 1));
    }

    /** Learns the sensitive values of a module's records, to cut them out of its free text. */
    public void learn(String module, Iterable<Record> records) {
        Set<String> values = new TreeSet<>();
        for (Record r : records) collect(r.fields(), false, values);
        if (values.isEmpty()) return;
        List<String> list = new ArrayList<>(valuesByModule.getOrDefault(module, List.of()));
        for (String v : values) if (!list.contains(v)) list.add(v);
        list.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        if (list.size() > 50_000) list = list.subList(0, 50_000);
        valuesByModule.put(module, list);
    }

    private static void collect(Object v, boolean inSensitive, Set<String> out) {
        if (v instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) collect(e.getValue(), inSensitive || sensitive(String.valueOf(e.getKey())), out);
        } else if (v instanceof List<?> l) {
            for (Object o : l) collect(o, inSensitive, out);
        } else if (inSensitive && v != null) {
            String s = v.toString().strip();
            if (s.length() >= 4) out.add(s);
        }
    }

    /** A copy of a record's fields with sensitive fields masked and free text redacted. */
    public Map<String, Object> record(String module, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : fields.entrySet()) out.put(e.getKey(), value(module, e.getKey(), e.getValue()));
        return out;
    }

    private Object value(String module, String key, Object v) {
        if (v == null) return null;
        if (sensitive(key)) return mask;
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) out.put(String.valueOf(e.getKey()), value(module, String.valueOf(e.getKey()), e.getValue()));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(value(module, "", o));
            return out;
        }
        if (v instanceof String s) return text(module, s);
        return v;
    }

    /** Free text of a module with learned values, e-mail addresses and phone numbers masked. */
    public String text(String module, String s) {
        if (s == null || s.isEmpty()) return s;
        String out = s;
        for (String v : valuesByModule.getOrDefault(module, List.of())) {
            if (v.length() <= out.length() && out.contains(v)) out = out.replace(v, mask);
        }
        out = EMAIL.matcher(out).replaceAll(Matcher.quoteReplacement(mask));
        Matcher m = PHONE.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String c = m.group();
            long digits = c.chars().filter(Character::isDigit).count();
            boolean phone = digits >= 7 && digits <= 15 && !DATE_LIKE.matcher(c).find();
            m.appendReplacement(b, Matcher.quoteReplacement(phone ? mask : c));
        }
        m.appendTail(b);
        return b.toString();
    }
}
