package dev.vigil.core.report;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSource;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.util.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the result folder, the contract every check command shares:
 * run.json, alerts.json, {@code <slug>.json} per module, timeline.csv and alerts_timeline.csv.
 * Everything but run.json's clock times is a pure function of the input and indicators.
 */
public final class ResultWriter {
    public static final String RUN = "run.json";
    public static final String ALERTS = "alerts.json";
    public static final String TIMELINE = "timeline.csv";
    public static final String ALERTS_TIMELINE = "alerts_timeline.csv";

    private ResultWriter() {}

    public static void write(Path dir, RunResult result, RunInfo info) throws IOException {
        Files.createDirectories(dir);
        // Every file is independent of the others: write them side by side.
        List<java.util.concurrent.Callable<Void>> jobs = new ArrayList<>();
        for (ModuleResult m : result.modules()) {
            if (m.records() instanceof SpilledRecords) continue; // written as the module finished
            if (!m.records().isEmpty() || m.status() == dev.vigil.core.model.ModuleStatus.OK) {
                jobs.add(() -> {
                    writeRecords(dir.resolve(m.slug() + ".json"), m.records());
                    return null;
                });
            }
        }
        jobs.add(() -> {
            writeTimeline(dir.resolve(TIMELINE), result.timeline());
            return null;
        });
        jobs.add(() -> {
            writeAlerts(dir, result.alerts());
            writeJson(dir.resolve(RUN), info);
            return null;
        });
        dev.vigil.core.util.Parallel.all(jobs);
    }

    /** Writes alerts.json and alerts_timeline.csv. */
    public static void writeAlerts(Path dir, List<Alert> alerts) throws IOException {
        writeJson(dir.resolve(ALERTS), alerts);
        List<TimelineEvent> at = new ArrayList<>();
        for (Alert a : alerts) {
            at.add(new TimelineEvent(a.eventTime() == null ? "" : a.eventTime(), a.module(), a.level().name(), a.message()));
        }
        at.sort(null);
        writeTimeline(dir.resolve(ALERTS_TIMELINE), at);
    }

    public static void writeJson(Path file, Object value) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            // keep the stream open for the final newline (Jackson closes its target by default)
            Json.pretty().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, value);
            out.write('\n');
        }
    }

    /**
     * Writes records as a JSON array with one compact record a line: as readable in a diff or
     * with grep as pretty JSON, several times faster to write for modules with a million records.
     */
    public static void writeRecords(Path file, List<Record> records) throws IOException {
        try (RecordsFile f = new RecordsFile(file)) {
            for (Record r : records) f.write(r);
        }
    }

    public static void writeTimeline(Path file, List<TimelineEvent> events) throws IOException {
        try (Writer w = new BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            w.write("utc_time,module,event,data\n");
            for (TimelineEvent e : events) {
                w.write(csv(e.time()));
                w.write(',');
                w.write(csv(e.module()));
                w.write(',');
                w.write(csv(e.event()));
                w.write(',');
                w.write(csv(e.data()));
                w.write('\n');
            }
        }
    }

    /** RFC 4180 quoting; also neutralises spreadsheet formulas (evidence text is hostile). */
    static String csv(String s) {
        if (s == null) return "";
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    public static List<RunInfo.IocSourceInfo> iocInfo(Indicators iocs) {
        List<RunInfo.IocSourceInfo> out = new ArrayList<>();
        for (IocSource s : iocs.sources()) {
            out.add(new RunInfo.IocSourceInfo(s.file(), s.sha256(), s.format(), s.indicators().size(),
                    s.countsByType(), s.countsByCollection(), s.warnings()));
        }
        return out;
    }

    public static Map<String, Integer> countByLevel(List<Alert> alerts) {
        Map<Level, Integer> m = new EnumMap<>(Level.class);
        for (Level l : Level.values()) m.put(l, 0);
        for (Alert a : alerts) m.merge(a.level(), 1, Integer::sum);
        Map<String, Integer> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    public static List<RunInfo.ModuleInfo> moduleInfo(RunResult result, Map<String, String> classBySlug) {
        List<RunInfo.ModuleInfo> out = new ArrayList<>();
        for (ModuleResult m : result.modules()) {
            out.add(new RunInfo.ModuleInfo(m.slug(), classBySlug.get(m.slug()), m.status().json(), m.records().size(),
                    m.alerts().size(), m.error(), m.warnings(), m.artifacts()));
        }
        return out;
    }

    // ------------------------------------------------------------------ reading back

    public static RunInfo readRunInfo(Path dir) throws IOException {
        return Json.MAPPER.readValue(dir.resolve(RUN).toFile(), RunInfo.class);
    }

    public static List<Record> readRecords(Path dir, String slug) throws IOException {
        Path f = dir.resolve(slug + ".json");
        if (!Files.exists(f)) return List.of();
        List<Map<String, Object>> raw = Json.MAPPER.readValue(f.toFile(), new TypeReference<>() {});
        List<Record> out = new ArrayList<>(raw.size());
        for (Map<String, Object> m : raw) out.add(new Record(m));
        return out;
    }

    public static List<Alert> readAlerts(Path dir) throws IOException {
        return Json.MAPPER.readValue(dir.resolve(ALERTS).toFile(), new TypeReference<>() {});
    }
}
