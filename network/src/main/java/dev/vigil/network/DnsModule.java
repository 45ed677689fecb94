package dev.vigil.network;

import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.util.List;
import java.util.Optional;

/** DNS queries and answers from captures (UDP and TCP), Zeek dns.log, Suricata, generic logs and Android intrusion logs. */
public final class DnsModule extends NetworkModule {
    @Override
    public String slug() {
        return "network_dns";
    }

    @Override
    public String description() {
        return "DNS queries and answers (merged per client, server, query and type) checked against domain and IP indicators";
    }

    @Override
    List<Record> pick(Analysis a) {
        return a.dns();
    }

    @Override
    String what() {
        return "DNS queries or answers";
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String q = r.str("query");
        Optional<Match> m = c.indicators().domain(q);
        if (m.isPresent()) {
            c.ioc(r, m.get(), "DNS query for " + q + " (" + flow(r) + ")");
        } else {
            nameHeuristics(r, c, q, "DNS query for");
        }
        if (r.get("answers") instanceof List<?> answers) {
            for (Object o : answers) {
                String a = String.valueOf(o);
                Optional<Match> am = Heuristics.isIpLiteral(a) ? c.indicators().ip(a) : c.indicators().domain(a);
                if (am.isPresent() && (m.isEmpty() || !am.get().indicator().equals(m.get().indicator()))) {
                    c.ioc(r, am.get(), "DNS answer " + a + " to the query for " + q + " (" + flow(r) + ")");
                }
            }
        }
    }

    @Override
    public String describe(Record r) {
        return "DNS " + or(r.str("qtype"), "") + " " + r.str("query") + " by " + or(r.str("client"), "?") + " via " + or(r.str("server"), "?")
                + " (" + r.num("count", 1) + "x)" + (r.get("answers") instanceof List<?> l && !l.isEmpty() ? " -> " + String.join(", ", l.stream().map(String::valueOf).toList()) : "");
    }
}
