package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.android.intrusion.IntrusionLogs;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.util.Optional;
import java.util.Set;

/** Network connections from intrusion logs: remote addresses against IP indicators, apps against app ids. */
public final class ConnectEvent extends IntrusionModule {
    static final Set<String> LOCAL = Set.of("::1", "127.0.0.1", "0.0.0.0");

    @Override
    public String slug() {
        return "connect_event";
    }

    @Override
    public String description() {
        return "Network connections recorded by Android intrusion logging, against IP and app indicators.";
    }

    @Override
    String eventType() {
        return "connect_event";
    }

    @Override
    Record record(IntrusionLogs.Event e) {
        JsonNode d = e.data();
        return base(e).put("ip_address", IntrusionLogs.cleanIp(text(d, "ip_address"))).put("port", d.path("port").asLong(0))
                .put("package_name", text(d, "package_name")).put("uid", d.path("uid").isMissingNode() ? null : d.path("uid").asLong())
                .put("source", e.file());
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String ip = r.str("ip_address");
        if (ip != null && !LOCAL.contains(ip)) {
            Optional<Match> m = c.indicators().ip(ip);
            if (m.isPresent()) {
                c.ioc(r, m.get(), "Connection to " + ip + ":" + r.str("port") + " by " + r.str("package_name"));
                return;
            }
        }
        Apps.checkAppId(c, r, r.str("package_name"), "Network connection by package");
    }

    @Override
    public String describe(Record r) {
        return "Connection to " + r.str("ip_address") + ":" + r.str("port") + " by " + r.str("package_name");
    }
}
