package dev.vigil.android.modules;

import dev.vigil.android.intrusion.IntrusionLogs;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.ModuleContext;

import java.util.List;
import java.util.Set;

/** Base of the intrusion-log modules: one event type each, from the shared single read. */
abstract class IntrusionModule implements ArtifactModule {
    abstract String eventType();

    abstract Record record(IntrusionLogs.Event e);

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.INTRUSION_LOGS, AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("intrusion_logs/**.txt", "**.txt");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        if (IntrusionLogs.files(ctx.source()).isEmpty()) throw new ArtifactNotFoundException("no intrusion log files");
        IntrusionLogs.Events ev = IntrusionLogs.of(ctx.source());
        for (String f : ev.files()) ctx.used(new dev.vigil.core.evidence.EvidenceFile(f, -1, null));
        ev.warnings().forEach(ctx::warn);
        List<IntrusionLogs.Event> list = ev.byType().getOrDefault(eventType(), List.of());
        if (list.isEmpty()) ctx.warn("the intrusion logs hold no " + eventType() + " events");
        for (IntrusionLogs.Event e : list) ctx.emit(record(e));
    }

    static Record base(IntrusionLogs.Event e) {
        long t = e.data().path("event_time").asLong(0);
        return Record.of("timestamp", t > 0 ? dev.vigil.core.model.Times.iso(dev.vigil.core.model.Times.unixMillis(t)) : null,
                "event_id", e.data().path("event_id").isMissingNode() ? null : e.data().path("event_id").asLong());
    }

    static String text(com.fasterxml.jackson.databind.JsonNode n, String k) {
        com.fasterxml.jackson.databind.JsonNode v = n.path(k);
        return v.isValueNode() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
