package dev.vigil.network;

import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.util.List;
import java.util.Optional;

/** TCP and UDP flows (client, server, port) from captures, Zeek conn.log, Suricata flow events, logs and intrusion logs. */
public final class FlowsModule extends NetworkModule {
    @Override
    public String slug() {
        return "network_flows";
    }

    @Override
    public String description() {
        return "TCP and UDP connections (merged per client, server, port and transport) checked against IP indicators and for addresses never resolved by DNS";
    }

    @Override
    List<Record> pick(Analysis a) {
        return a.flows();
    }

    @Override
    String what() {
        return "TCP or UDP flows";
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        int before = c.alerts().size();
        ipChecks(r, c, "Connection");
        String name = r.str("resolved_name");
        if (name != null && c.alerts().size() == before) { // the address itself did not match: its name may
            Optional<Match> m = c.indicators().domain(name);
            if (m.isPresent()) c.ioc(r, m.get(), "Connection to " + r.str("server") + ", the address of " + name + " (" + flow(r) + ")");
        }
        if (c.alerts().size() > before) return;
        String server = r.str("server");
        int port = (int) r.num("port", -1);
        if (name == null && Boolean.TRUE.equals(r.get("dns_in_inputs")) && Heuristics.isPublicIp(server)
                && !Heuristics.ADDRESS_SERVICES.contains(port)) {
            boolean odd = "tcp".equals(r.str("transport")) && !Heuristics.COMMON_PORTS.contains(port);
            c.alert(odd ? Level.MEDIUM : Level.LOW, r,
                    "Connection to " + server + (port > 0 ? " port " + port : "") + " whose address was never resolved through DNS in the inputs (" + flow(r) + ")",
                    "The inputs hold DNS answers, but none gave " + server + ": the client reached it by a hard-coded or otherwise "
                            + "obtained address, as some spyware does to avoid DNS-based detection"
                            + (odd ? ", and on a port that is not a common web, mail or push port." : "."),
                    "Apps also connect to fixed addresses (push services, peer-to-peer calls, CDNs resolved before the capture started, "
                            + "DNS over HTTPS); look up who runs this address before drawing conclusions.");
        }
    }

    @Override
    public String describe(Record r) {
        return or(r.str("transport"), "flow") + " " + or(r.str("client"), "?") + " -> " + r.str("server") + (r.has("port") ? ":" + r.str("port") : "")
                + (r.has("resolved_name") ? " (" + r.str("resolved_name") + ")" : "") + ", " + r.num("packets", 0) + " packets";
    }
}
