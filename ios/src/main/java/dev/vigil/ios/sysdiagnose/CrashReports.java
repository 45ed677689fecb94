package dev.vigil.ios.sysdiagnose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash reports inside a sysdiagnose ({@code crashes_and_spins/}): {@code .ips} files (a
 * one-line JSON header with {@code app_name}, {@code bug_type}, {@code os_version},
 * {@code timestamp}, then a JSON body with {@code procName}, {@code procPath},
 * {@code parentProc} for bug type 309, iOS 15 and later) and older {@code .crash} text
 * reports ({@code Process:}, {@code Path:}, {@code Date/Time:} lines). Process names and
 * paths are checked against indicators; crashes of the processes that parse incoming
 * messages and web content (exploit targets of zero-click chains such as FORCEDENTRY and
 * BLASTPASS) are flagged as worth a closer look.
 */
public final class CrashReports implements ArtifactModule {
    static final long MAX_REPORT = 32L << 20;
    static final int MAX_REPORTS = 20_000;
    /** Processes parsing attacker-controlled content without user action. */
    static final Set<String> MESSAGE_PARSERS = Set.of("IMTranscoderAgent", "MessagesBlastDoorService", "BlastDoor", "imagent",
            "com.apple.WebKit.WebContent", "IMDPersistenceAgent", "identityservicesd", "MobileSMS", "mediaserverd",
            "com.apple.WebKit.GPU", "com.apple.WebKit.Networking", "HomeKitBlastDoorService", "PassbookBlastDoorService");
    static final Pattern TEXT_FIELD = Pattern.compile("^(Process|Path|Date/Time|OS Version|Parent Process|Identifier):\\s+(.*?)\\s*$");
    static final Pattern NAME_PID = Pattern.compile("^(.*?)\\s*\\[(\\d+)\\]$");
    static final DateTimeFormatter IPS_TIME = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern(" xx").toFormatter();

    @Override
    public String slug() {
        return "sysdiagnose_crash_reports";
    }

    @Override
    public String description() {
        return "Crash reports (.ips, .crash) in a sysdiagnose: process names and paths vs indicators, crashes of message-parsing processes";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-sysdiagnose");
    }

    @Override
    public List<String> paths() {
        return List.of("**/*.ips", "**/*.crash");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = ctx.require("**/*.ips", "**/*.crash");
        files = new ArrayList<>(files);
        files.sort(java.util.Comparator.comparing(EvidenceFile::path));
        int n = 0, failed = 0;
        for (EvidenceFile f : files) {
            if (f.attributes().containsKey("symlink") || f.attributes().containsKey("hardlink")) continue;
            if (n >= MAX_REPORTS) {
                ctx.warn("more than " + MAX_REPORTS + " crash reports: the rest were not read");
                break;
            }
            try {
                byte[] data = ctx.source().readAll(f, MAX_REPORT);
                Record r = f.path().endsWith(".ips") ? ips(data, ctx, f.path()) : crash(data);
                r.put("file", f.path());
                ctx.emit(r);
                ctx.used(f);
                n++;
            } catch (Exception e) {
                failed++;
                ctx.warn("could not read " + f.path() + ": " + e.getMessage());
            }
        }
        if (n == 0 && failed > 0) throw new java.io.IOException("none of the " + failed + " crash reports could be read");
    }

    static Record ips(byte[] data, ModuleContext ctx, String path) throws Exception {
        int nl = 0;
        while (nl < data.length && data[nl] != '\n') nl++;
        JsonNode header = Json.MAPPER.readTree(new String(data, 0, nl, StandardCharsets.UTF_8));
        if (header == null || !header.isObject()) throw new java.io.IOException("the first line is not a JSON header");
        JsonNode body = null;
        if (nl + 1 < data.length) {
            try {
                body = Json.MAPPER.readTree(new String(data, nl + 1, data.length - nl - 1, StandardCharsets.UTF_8));
            } catch (Exception e) {
                if (ctx != null) ctx.warn(path + ": body is not JSON (" + e.getClass().getSimpleName() + "); header only");
            }
        }
        String proc = text(body, "procName");
        if (proc == null) proc = text(header, "app_name");
        if (proc == null) proc = text(header, "name");
        String ts = text(header, "timestamp");
        if (ts == null) ts = text(body, "captureTime");
        return Record.of("timestamp", time(ts), "process", proc, "path", text(body, "procPath"), "pid", body != null && body.has("pid") ? body.get("pid").asLong() : null,
                "parent", text(body, "parentProc"), "bug_type", text(header, "bug_type"), "os_version", text(header, "os_version"),
                "exception", body != null && body.has("exception") ? text(body.get("exception"), "type") : null, "format", "ips");
    }

    static Record crash(byte[] data) throws java.io.IOException {
        String text = new String(data, StandardCharsets.UTF_8);
        String proc = null, path = null, time = null, os = null, parent = null;
        Long pid = null;
        int lines = 0;
        for (String line : text.split("\n", 400)) {
            if (++lines > 300) break;
            Matcher m = TEXT_FIELD.matcher(line.replace("\r", ""));
            if (!m.find()) continue;
            String v = m.group(2);
            switch (m.group(1)) {
                case "Process" -> {
                    Matcher p = NAME_PID.matcher(v);
                    if (p.find()) {
                        proc = p.group(1);
                        pid = Long.parseLong(p.group(2));
                    } else proc = v;
                }
                case "Path" -> path = v;
                case "Date/Time" -> time = v;
                case "OS Version" -> os = v;
                case "Parent Process" -> parent = v;
                default -> { }
            }
        }
        if (proc == null) throw new java.io.IOException("no Process: line");
        return Record.of("timestamp", time(time), "process", proc, "path", path, "pid", pid, "parent", parent, "bug_type", null,
                "os_version", os, "exception", null, "format", "crash");
    }

    static String text(JsonNode n, String field) {
        if (n == null || !n.has(field) || n.get(field).isNull()) return null;
        JsonNode v = n.get(field);
        return v.isValueNode() ? v.asText() : null;
    }

    static Instant time(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s.strip(), IPS_TIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Indicators ind = checker.indicators();
        String proc = r.str("process");
        String path = r.str("path");
        Optional<Match> m = ind.process(proc);
        if (m.isEmpty() && path != null) m = ind.filePath(path);
        if (m.isEmpty() && path != null) m = dev.vigil.ios.modules.fs.Filesystem.component(ind, path);
        if (m.isPresent()) {
            checker.ioc(r, m.get(), "The crashed process " + proc + (path == null ? "" : " (" + path + ")"));
            return;
        }
        if (proc != null && MESSAGE_PARSERS.contains(proc)) {
            checker.alert(Level.MEDIUM, r, proc + " crashed" + (r.str("timestamp") == null ? "" : " at " + r.str("timestamp")),
                    proc + " parses content that arrives without user action (messages, attachments, web content); zero-click exploits such as FORCEDENTRY and BLASTPASS crashed such processes.",
                    "These processes also crash for ordinary reasons; a crash is worth a closer look, not proof of an attack.");
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("process") + " crashed (" + r.str("file") + ")";
    }
}
