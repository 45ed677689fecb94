package dev.vigil.network;

import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.util.List;
import java.util.Optional;

/** TLS server names (SNI) from ClientHellos in captures, Zeek ssl.log, Suricata tls events and logs. */
public final class TlsModule extends NetworkModule {
    @Override
    public String slug() {
        return "network_tls";
    }

    @Override
    public String description() {
        return "TLS connections with their server name (SNI) checked against domain and IP indicators";
    }

    @Override
    List<Record> pick(Analysis a) {
        return a.tls();
    }

    @Override
    String what() {
        return "TLS ClientHellos";
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String sni = r.str("sni");
        Optional<Match> m = c.indicators().domain(sni);
        if (m.isPresent()) c.ioc(r, m.get(), "TLS connection to server name " + sni + " (" + flow(r) + ")");
        else nameHeuristics(r, c, sni, "TLS server name");
        ipChecks(r, c, "TLS connection" + (sni == null ? "" : " for " + sni));
    }

    @Override
    public String describe(Record r) {
        return "TLS " + or(r.str("sni"), "(no server name)") + " " + or(r.str("client"), "?") + " -> " + r.str("server") + (r.has("port") ? ":" + r.str("port") : "");
    }
}
