package dev.vigil.network.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which column of a generic DNS/proxy/flow log holds what: given by the user as
 * {@code time=ts,client=src,query=domain,url=url,server=dst_ip,port=dport}, otherwise guessed
 * from common column names (case-insensitive). Roles: time, client, server, port, query,
 * qtype, answers, url, host, sni, method, transport.
 */
public final class ColumnMapping {
    public static final List<String> ROLES = List.of("time", "client", "server", "port", "query", "qtype", "answers", "url",
            "host", "sni", "method", "transport");

    private static final Map<String, List<String>> GUESSES = new LinkedHashMap<>();

    static {
        GUESSES.put("time", List.of("time", "timestamp", "ts", "@timestamp", "date", "datetime", "event_time", "eventtime"));
        GUESSES.put("client", List.of("client", "client_ip", "clientip", "src", "src_ip", "srcip", "source", "source_ip", "device", "cip", "c-ip"));
        GUESSES.put("server", List.of("server", "server_ip", "serverip", "dst", "dst_ip", "dstip", "dest", "dest_ip", "destination", "destination_ip", "resolver", "s-ip"));
        GUESSES.put("port", List.of("port", "dst_port", "dest_port", "dport", "server_port", "destination_port", "s-port"));
        GUESSES.put("query", List.of("query", "qname", "domain", "dns_query", "question", "query_name"));
        GUESSES.put("qtype", List.of("qtype", "query_type", "qtype_name", "record_type"));
        GUESSES.put("answers", List.of("answers", "answer", "rdata", "resolved_ip", "response_ip"));
        GUESSES.put("url", List.of("url", "uri", "request_url", "full_url", "cs-uri"));
        GUESSES.put("host", List.of("host", "hostname", "http_host", "cs-host"));
        GUESSES.put("sni", List.of("sni", "server_name", "tls_sni"));
        GUESSES.put("method", List.of("method", "http_method", "request_method", "cs-method"));
        GUESSES.put("transport", List.of("transport", "proto", "protocol"));
    }

    private final Map<String, String> given;

    private ColumnMapping(Map<String, String> given) {
        this.given = given;
    }

    /** Parses the user's mapping; throws IllegalArgumentException naming a bad part. */
    public static ColumnMapping parse(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) throw new IllegalArgumentException("column mapping part '" + part.strip() + "' is not role=column");
                String role = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (!ROLES.contains(role)) throw new IllegalArgumentException("unknown role '" + role + "' in the column mapping (known: " + String.join(", ", ROLES) + ")");
                m.put(role, part.substring(eq + 1).strip());
            }
        }
        return new ColumnMapping(m);
    }

    public static ColumnMapping guess() {
        return new ColumnMapping(Map.of());
    }

    /**
     * The column of each role among the given header names: the user's choice when given
     * (matched exactly, then ignoring case), otherwise the first common name present.
     */
    public Map<String, String> resolve(List<String> header) {
        Map<String, String> lower = new LinkedHashMap<>();
        for (String h : header) lower.putIfAbsent(h.strip().toLowerCase(Locale.ROOT), h);
        Map<String, String> out = new LinkedHashMap<>();
        for (String role : ROLES) {
            String want = given.get(role);
            if (want != null) {
                if (header.contains(want)) out.put(role, want);
                else if (lower.containsKey(want.toLowerCase(Locale.ROOT))) out.put(role, lower.get(want.toLowerCase(Locale.ROOT)));
                else if (want.indexOf('.') > 0) out.put(role, want); // a nested JSON path
                continue;
            }
            if (!given.isEmpty() && given.containsKey(role)) continue;
            for (String g : GUESSES.get(role)) {
                if (lower.containsKey(g)) {
                    out.put(role, lower.get(g));
                    break;
                }
            }
        }
        return out;
    }

    /** Roles the user named whose column is not in the header. */
    public List<String> missing(Map<String, String> resolved) {
        return given.keySet().stream().filter(r -> !resolved.containsKey(r)).map(r -> r + "=" + given.get(r)).toList();
    }

    public boolean isGiven() {
        return !given.isEmpty();
    }
}
