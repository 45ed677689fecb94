package dev.vigil.android.modules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.model.TimelineEvent;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The file listing AndroidQF made on the phone (files.json: an array of objects with path,
 * size, mode, user_name, group_name, modified_time/changed_time/access_time in Unix seconds,
 * and md5/sha1/sha256 when hashed). Read with Jackson's streaming parser, one entry at a
 * time, so half a million entries never sit in memory as a tree. Records keep only what
 * the checks use. Paths and hashes are checked against indicators; anything under
 * /data/local/tmp (where exploits and droppers stage binaries) is MEDIUM.
 */
public final class Files implements ArtifactModule {
    static final String TMP = "/data/local/tmp/";
    /** AndroidQF's own collector binary, uploaded to the temp folder during acquisition. */
    static final Set<String> ACQUISITION_TOOLS = Set.of("/data/local/tmp/collector", "/data/local/tmp/androidqf");

    @Override
    public String slug() {
        return "files";
    }

    @Override
    public String description() {
        return "Files listed on the phone by AndroidQF: paths and hashes against indicators, files in /data/local/tmp.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("files.json");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceFile f = ctx.require("files.json").get(0);
        ctx.used(f);
        int bad = 0;
        try (InputStream in = ctx.source().open(f); JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new IOException("files.json is not a JSON array");
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) throw new IOException("files.json is truncated");
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    bad++;
                    continue;
                }
                Record r = entry(p);
                if (r.str("path") == null) {
                    bad++;
                    continue;
                }
                ctx.emit(r);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("files.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (bad > 0) ctx.warn("files.json: " + bad + " entries without a path were skipped");
    }

    private static Record entry(JsonParser p) throws IOException {
        String path = null, mode = null, user = null, group = null, md5 = null, sha1 = null, sha256 = null, error = null;
        long size = -1, mtime = 0, ctime = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t == null) throw new IOException("files.json is truncated");
            String name = p.currentName();
            t = p.nextToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "path" -> path = p.getValueAsString();
                case "size" -> size = p.getValueAsLong(-1);
                case "mode" -> mode = p.getValueAsString();
                case "user_name" -> user = p.getValueAsString();
                case "group_name" -> group = p.getValueAsString();
                case "modified_time" -> mtime = p.getValueAsLong(0);
                case "changed_time" -> ctime = p.getValueAsLong(0);
                case "md5" -> md5 = p.getValueAsString();
                case "sha1" -> sha1 = p.getValueAsString();
                case "sha256" -> sha256 = p.getValueAsString();
                case "error" -> error = p.getValueAsString();
                default -> { }
            }
        }
        Record r = Record.of("path", path, "size", size);
        if (mode != null && !mode.isEmpty()) r.put("mode", mode);
        if (user != null && !user.isEmpty()) r.put("user_name", user);
        if (group != null && !group.isEmpty()) r.put("group_name", group);
        if (mtime > 0) r.put("modified_time", Times.iso(Times.unixSeconds(mtime)));
        if (ctime > 0 && ctime != mtime) r.put("changed_time", Times.iso(Times.unixSeconds(ctime)));
        if (md5 != null && !md5.isEmpty()) r.put("md5", md5);
        if (sha1 != null && !sha1.isEmpty()) r.put("sha1", sha1);
        if (sha256 != null && !sha256.isEmpty()) r.put("sha256", sha256);
        if (error != null && !error.isEmpty()) r.put("error", error);
        return r;
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String path = r.str("path");
        Optional<Match> m = c.indicators().filePath(path);
        if (m.isPresent()) {
            c.ioc(r, m.get(), "File " + path);
            return;
        }
        for (String h : new String[] {"sha256", "sha1", "md5"}) {
            m = c.indicators().hash(r.str(h));
            if (m.isPresent()) {
                c.ioc(r, m.get(), "Hash of file " + path);
                return;
            }
        }
        if (path.startsWith(TMP) && !ACQUISITION_TOOLS.contains(path)) {
            c.alert(Level.MEDIUM, r, "File in the temporary folder " + TMP + ": " + path,
                    "Exploits and droppers stage binaries in " + TMP + ", which the adb shell can write to.",
                    "Developer tools and acquisition tools also leave files there.");
        }
    }

    @Override
    public List<TimelineEvent> timeline(Record r) {
        // Only files in the temp folder go to the timeline: half a million ordinary files would drown it.
        String p = r.str("path");
        if (p == null || !p.startsWith(TMP) || r.str("modified_time") == null) return List.of();
        return List.of(new TimelineEvent(r.str("modified_time"), slug(), "file_modified", describe(r)));
    }

    @Override
    public String describe(Record r) {
        return "File " + r.str("path") + " (" + r.str("size") + " bytes)";
    }
}
