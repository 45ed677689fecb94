package dev.vigil.ios.modules.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * iOS update history from the analytics journals {@code private/var/db/analyticsd/Analytics-Journal-*.ips}
 * (filesystem dumps, iOS 13 to 17). The first line of each journal is a JSON header with
 * {@code timestamp} ("2023-05-01 10:20:30.00 +0200") and {@code os_version}
 * ("iPhone OS 16.4.1 (20E252)"); the journals, ordered by time, show when the version changed.
 *
 * <p>Records, one per version change (the first journal included): {@code timestamp},
 * {@code os_version}, {@code previous_version}, {@code file}.
 */
public final class IosVersionHistory implements ArtifactModule {
    static final int MAX_HEADER = 64 * 1024;
    static final DateTimeFormatter TS = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern(" xx").toFormatter();

    @Override
    public String slug() {
        return "ios_version_history";
    }

    @Override
    public String description() {
        return "iOS versions over time, from the headers of the analytics journals";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/db/analyticsd/Analytics-Journal-*.ips");
    }

    private record Header(Instant time, String version, String file) {}

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<Header> headers = new ArrayList<>();
        for (EvidenceFile f : ctx.require(paths().get(0))) {
            ctx.used(f);
            String line;
            try (InputStream in = ctx.source().open(f);
                 BufferedReader r = new BufferedReader(new InputStreamReader(new java.io.BufferedInputStream(in), StandardCharsets.UTF_8))) {
                line = firstLine(r);
            }
            if (line == null || line.isBlank()) {
                ctx.warn(f.path() + ": empty or header longer than " + MAX_HEADER + " characters");
                continue;
            }
            JsonNode h;
            try {
                h = Json.MAPPER.readTree(line);
            } catch (Exception e) {
                ctx.warn(f.path() + ": first line is not a JSON header");
                continue;
            }
            String v = h.path("os_version").asText(null);
            Instant t = parse(h.path("timestamp").asText(null));
            if (v == null || t == null) {
                ctx.warn(f.path() + ": header without os_version or readable timestamp");
                continue;
            }
            headers.add(new Header(t, v, f.path()));
        }
        headers.sort(Comparator.comparing(Header::time).thenComparing(Header::file));
        String prev = null;
        for (Header h : headers) {
            if (h.version().equals(prev)) continue;
            ctx.emit(Record.of("timestamp", h.time(), "os_version", h.version(), "previous_version", prev, "file", h.file()));
            prev = h.version();
        }
        if (headers.isEmpty()) throw new java.io.IOException("no analytics journal has a readable header");
    }

    private static String firstLine(BufferedReader r) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = r.read()) >= 0 && c != '\n') {
            if (sb.length() >= MAX_HEADER) return null;
            sb.append((char) c);
        }
        return sb.toString();
    }

    static Instant parse(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s.trim(), TS).toInstant();
        } catch (RuntimeException e) {
            return dev.vigil.core.model.Times.parseIso(s);
        }
    }

    @Override
    public String describe(Record r) {
        return "iOS " + r.str("os_version") + (r.str("previous_version") == null ? " (earliest seen)" : " (updated from " + r.str("previous_version") + ")");
    }
}
