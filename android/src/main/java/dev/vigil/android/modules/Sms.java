package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.android.source.CompositeSource;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Limits;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.InflaterInputStream;

/**
 * SMS and MMS from an adb backup of com.android.providers.telephony: the files
 * apps/com.android.providers.telephony/d_f/NNNNNN_sms_backup and _mms_backup written by
 * TelephonyBackupAgent (Android 7+): zlib-deflated JSON arrays of messages (address, body
 * or mms_body, date in Unix milliseconds, type 1 received / 2 sent, read). Links in the text
 * are checked against URL and domain indicators (spyware and stalkerware C2 domains).
 */
public final class Sms implements ArtifactModule {
    static final String DIR = "apps/com.android.providers.telephony/d_f/";
    static final long MAX_INFLATED = 512L << 20;

    @Override
    public String slug() {
        return "sms";
    }

    @Override
    public String description() {
        return "SMS and MMS from an adb backup, with links checked against indicators.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.BACKUP, AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of(DIR + "*_sms_backup", DIR + "*_mms_backup", "backup/" + DIR + "*_sms_backup", "backup/" + DIR + "*_mms_backup");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        List<EvidenceFile> files = new ArrayList<>();
        for (String g : paths()) files.addAll(ctx.source().find(g));
        if (files.isEmpty()) {
            if (ctx.source() instanceof CompositeSource cs && cs.problems().containsKey("backup.ab")) {
                throw new IOException(cs.problems().get("backup.ab"));
            }
            throw new ArtifactNotFoundException("no SMS/MMS backup files (" + DIR + "*_sms_backup) in the backup");
        }
        int failed = 0;
        for (EvidenceFile f : files) {
            ctx.used(f);
            boolean mms = f.name().endsWith("_mms_backup");
            try (InputStream in = new InflaterInputStream(ctx.source().open(f))) {
                JsonNode arr = Json.MAPPER.readTree(Limits.readBounded(in, MAX_INFLATED, f.path()));
                if (arr == null || !arr.isArray()) throw new IOException("not a JSON array of messages");
                for (JsonNode m : arr) {
                    String body = mms ? m.path("mms_body").asText(m.path("body").asText("")) : m.path("body").asText("");
                    long date = m.path("date").asLong(0);
                    if (mms && date > 0 && date < 100_000_000_000L) date *= 1000; // MMS dates are in seconds
                    Record r = Record.of("timestamp", date > 0 ? Times.iso(Times.unixMillis(date)) : null,
                            "address", m.path("address").asText(null), "body", body, "type", m.path("type").asText(null),
                            "read", m.path("read").asText(null), "kind", mms ? "mms" : "sms", "source", f.path());
                    ctx.emit(r);
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                ctx.warn(f.path() + ": unreadable message backup: " + e.getMessage());
            }
        }
        if (failed == files.size()) throw new IOException("none of the " + failed + " message backups could be read");
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        for (Match m : c.indicators().urlsInText(r.str("body"))) {
            c.ioc(r, m, "Link in " + r.str("kind").toUpperCase(java.util.Locale.ROOT) + " from " + r.str("address"));
        }
    }

    @Override
    public String describe(Record r) {
        return ("1".equals(r.str("type")) ? "Received " : "Sent ") + r.str("kind") + " " + r.str("address") + ": " + r.str("body");
    }
}
