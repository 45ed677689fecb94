package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.android.intrusion.IntrusionLogs;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** DNS lookups from intrusion logs: host names and answers against domain/IP indicators, apps against app ids. */
public final class DnsEvent extends IntrusionModule {
    @Override
    public String slug() {
        return "dns_event";
    }

    @Override
    public String description() {
        return "DNS lookups recorded by Android intrusion logging, against domain, IP and app indicators.";
    }

    @Override
    String eventType() {
        return "dns_event";
    }

    @Override
    Record record(IntrusionLogs.Event e) {
        JsonNode d = e.data();
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : d.path("ip_addresses")) {
            String c = IntrusionLogs.cleanIp(ip.asText());
            if (c != null && !c.isEmpty() && !c.equals("0.0.0.0")) ips.add(c);
        }
        return base(e).put("hostname", text(d, "hostname")).put("ip_addresses", ips).put("package_name", text(d, "package_name"))
                .put("uid", d.path("uid").isMissingNode() ? null : d.path("uid").asLong()).put("source", e.file());
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        Optional<Match> m = c.indicators().domain(r.str("hostname"));
        if (m.isPresent()) {
            c.ioc(r, m.get(), "DNS lookup of " + r.str("hostname") + " by " + r.str("package_name"));
            return;
        }
        for (String ip : r.strings("ip_addresses")) {
            m = c.indicators().ip(ip);
            if (m.isPresent()) {
                c.ioc(r, m.get(), "DNS answer " + ip + " for " + r.str("hostname"));
                return;
            }
        }
        Apps.checkAppId(c, r, r.str("package_name"), "DNS lookup by package");
    }

    @Override
    public String describe(Record r) {
        return "DNS query for " + r.str("hostname") + " by " + r.str("package_name") + " " + r.strings("ip_addresses");
    }
}
