package dev.vigil.core.ioc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Known false positives, kept in a small text file an analyst can review. One entry a line:
 * <pre>
 * # comment
 * domain-name:value  cdn.example.com   reason: shared CDN host, see case 2024-17
 * </pre>
 * An entry silences a match of that indicator type whose indicator value, or matched value,
 * equals the entry (case-insensitive). The reason is mandatory so every silenced match can
 * be justified later.
 */
public final class AllowList {
    public record Entry(String type, String value, String reason, String file, int line) {}

    private static final AllowList NONE = new AllowList(List.of());
    private final List<Entry> entries;
    private final Map<String, Entry> byKey = new HashMap<>();

    private AllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : entries) byKey.putIfAbsent(e.type() + "\u0000" + e.value().toLowerCase(Locale.ROOT), e);
    }

    public static AllowList none() {
        return NONE;
    }

    public static AllowList of(List<Entry> entries) {
        return new AllowList(entries);
    }

    /** Reads an allow-list file; a line without a reason is an error naming file and line. */
    public static AllowList load(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+", 3);
            int r = line.indexOf("reason:");
            if (parts.length < 3 || r < 0 || line.substring(r + 7).isBlank()) {
                throw new IOException(file + ":" + (n + 1) + ": expected '<type> <value> reason: <why>'");
            }
            if (IndicatorType.ofStixKey(parts[0]) == null) {
                throw new IOException(file + ":" + (n + 1) + ": unknown indicator type '" + parts[0] + "'");
            }
            out.add(new Entry(parts[0], parts[1], line.substring(r + 7).strip(), file.toString(), n + 1));
        }
        return new AllowList(out);
    }

    public List<Entry> entries() {
        return entries;
    }

    boolean permits(Match m) {
        if (entries.isEmpty()) return true;
        String t = m.indicator().type().stixKey() + "\u0000";
        return !byKey.containsKey(t + m.indicator().value().toLowerCase(Locale.ROOT))
                && (m.matched() == null || !byKey.containsKey(t + m.matched().toLowerCase(Locale.ROOT)));
    }
}
