package dev.vigil.android.modules;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the "Non-Data Actions" part of a resolver table in {@code dumpsys package}
 * ("Activity Resolver Table:" or "Receiver Resolver Table:"): an action line indented by 6
 * spaces ending in ":", then component lines indented by 8 ("hash pkg/.Component filter hash").
 */
final class ResolverTable {
    record Entry(String intent, String packageName, String component) {}

    private ResolverTable() {}

    static List<Entry> parse(String text, String table) {
        List<Entry> out = new ArrayList<>();
        boolean inTable = false, inNonData = false;
        String intent = null;
        for (String line : text.split("\n")) {
            if (!inTable) {
                if (line.startsWith(table)) inTable = true;
                continue;
            }
            if (!inNonData) {
                if (line.startsWith("  Non-Data Actions:")) inNonData = true;
                else if (!line.isEmpty() && !line.startsWith(" ")) break;
                continue;
            }
            if (line.isBlank()) break;
            if (line.startsWith("      ") && !line.startsWith("        ") && line.strip().endsWith(":")) {
                intent = line.strip();
                intent = intent.substring(0, intent.length() - 1);
                continue;
            }
            if (!line.startsWith("  ") || (!line.startsWith("    ") && !line.startsWith("      "))) break;
            if (intent == null || !line.startsWith("        ")) {
                intent = null;
                continue;
            }
            String[] parts = line.strip().split("\\s+");
            if (parts.length < 2 || !parts[1].contains("/")) continue;
            out.add(new Entry(intent, Apps.packageOf(parts[1]), parts[1]));
        }
        return out;
    }
}
