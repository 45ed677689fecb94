package dev.vigil.android.intrusion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Android 16 intrusion logging (Advanced Protection), as exported: text files of
 * newline-delimited JSON, one event per line, wrapped in its type:
 * {@code {"dns_event": {"event_time": ms, "hostname": ..., "ip_addresses": ["/1.2.3.4"],
 * "package_name": ...}}}, {@code {"connect_event": {"ip_address": "/1.2.3.4", "port": 443, ...}}},
 * {@code {"security_event": {"event_time": ms, "event_id": n, "adb_shell_cmd": {...}}}}.
 * All files are read once per source and shared by the three modules; an event repeated in
 * overlapping files is kept once. Found at the root of a folder/zip given directly, or under
 * {@code intrusion_logs/} in an AndroidQF acquisition.
 */
public final class IntrusionLogs {
    static final int MAX_LINE = 1 << 20;
    static final int MAX_EVENTS = 2_000_000;

    /** Events by type, each with the file it came from; and what could not be read. */
    public record Events(Map<String, List<Event>> byType, List<String> files, List<String> warnings) {}

    public record Event(String file, JsonNode data) {}

    private static final Map<EvidenceSource, Events> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private IntrusionLogs() {}

    public static List<EvidenceFile> files(EvidenceSource src) throws IOException {
        List<EvidenceFile> out = new ArrayList<>();
        for (EvidenceFile f : src.find("**.txt")) if (accept(src, f)) out.add(f);
        return out;
    }

    private static boolean accept(EvidenceSource src, EvidenceFile f) {
        // In an AndroidQF acquisition only intrusion_logs/ holds these logs.
        if (src.type().equals("androidqf")) return f.path().startsWith("intrusion_logs/");
        return true;
    }

    public static Events of(EvidenceSource src) throws IOException {
        synchronized (CACHE) {
            Events e = CACHE.get(src);
            if (e == null) {
                e = read(src);
                CACHE.put(src, e);
            }
            return e;
        }
    }

    static Events read(EvidenceSource src) throws IOException {
        Map<String, List<Event>> byType = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (EvidenceFile f : files(src)) {
            names.add(f.path());
            int bad = 0, lineNo = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(src.open(f), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    if (line.length() > MAX_LINE) {
                        bad++;
                        continue;
                    }
                    JsonNode n;
                    try {
                        n = Json.MAPPER.readTree(line);
                    } catch (JsonProcessingException e) {
                        if (bad++ < 3) warnings.add(f.path() + " line " + lineNo + ": not JSON (" + e.getOriginalMessage() + ")");
                        continue;
                    }
                    if (n == null || !n.isObject()) {
                        bad++;
                        continue;
                    }
                    for (var it = n.fields(); it.hasNext(); ) {
                        var e = it.next();
                        if (!e.getValue().isObject()) continue;
                        if (!seen.add(e.getKey() + "\u0000" + e.getValue().toString())) continue;
                        if (++total > MAX_EVENTS) throw new IOException("more than " + MAX_EVENTS + " intrusion log events");
                        byType.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Event(f.path(), e.getValue()));
                    }
                }
            }
            if (bad > 0) warnings.add(f.path() + ": " + bad + " lines could not be read");
        }
        return new Events(byType, names, warnings);
    }

    /** "/1.2.3.4" or "host/1.2.3.4" as the address alone. */
    public static String cleanIp(String s) {
        if (s == null) return null;
        String t = s.strip();
        int slash = t.lastIndexOf('/');
        return slash >= 0 ? t.substring(slash + 1) : t;
    }
}
