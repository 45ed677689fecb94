package dev.vigil.network;

import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;

import java.util.List;
import java.util.Optional;

/** Cleartext HTTP requests (Host and URL) from captures, Zeek http.log, Suricata http events and proxy logs. */
public final class HttpModule extends NetworkModule {
    @Override
    public String slug() {
        return "network_http";
    }

    @Override
    public String description() {
        return "Cleartext HTTP requests (host and URL) checked against URL, domain and IP indicators and for unusual ports";
    }

    @Override
    List<Record> pick(Analysis a) {
        return a.http();
    }

    @Override
    String what() {
        return "HTTP requests";
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String url = r.str("url");
        Optional<Match> m = c.indicators().url(url);
        if (m.isEmpty() && r.has("host")) m = c.indicators().domain(r.str("host"));
        if (m.isPresent()) c.ioc(r, m.get(), "HTTP request " + request(r) + " (" + flow(r) + ")");
        else nameHeuristics(r, c, r.has("host") ? r.str("host") : null, "HTTP host");
        ipChecks(r, c, "HTTP request");
        int port = (int) r.num("port", -1);
        if (port > 0 && !Heuristics.HTTP_PORTS.contains(port) && !"CONNECT".equals(r.str("method"))) {
            c.alert(Level.MEDIUM, r, "Cleartext HTTP request to non-standard port " + port + ": " + request(r) + " (" + flow(r) + ")",
                    "Plain HTTP on a port other than " + Heuristics.HTTP_PORTS.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("")
                            + " is unusual for apps and is a pattern of implants talking to their servers.",
                    "Local devices (routers, printers, media servers) and development servers also use such ports.");
        }
    }

    private static String request(Record r) {
        return (r.has("method") ? r.str("method") + " " : "") + r.str("url");
    }

    @Override
    public String describe(Record r) {
        return "HTTP " + request(r) + " from " + or(r.str("client"), "?");
    }
}
