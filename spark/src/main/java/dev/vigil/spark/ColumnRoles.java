package dev.vigil.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which column of a DNS, proxy or flow log holds what, as {@code time=ts,client=src,query=domain,
 * url=url,server=dst_ip,port=dport,sni=server_name}; roles not given are guessed from common
 * column names (case-insensitive), the same names check-network guesses.
 */
public final class ColumnRoles implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public static final List<String> ROLES = List.of("time", "client", "server", "port", "query", "url", "host", "sni");

    private static final Map<String, List<String>> GUESSES = Map.of(
            "time", List.of("time", "timestamp", "ts", "@timestamp", "date", "datetime", "event_time"),
            "client", List.of("client", "client_ip", "src", "src_ip", "source", "source_ip", "device", "id.orig_h"),
            "server", List.of("server", "server_ip", "dst", "dst_ip", "dest_ip", "destination", "destination_ip", "resolver", "id.resp_h"),
            "port", List.of("port", "dst_port", "dest_port", "dport", "server_port", "destination_port", "id.resp_p"),
            "query", List.of("query", "qname", "domain", "dns_query", "question", "query_name"),
            "url", List.of("url", "uri", "request_url", "full_url"),
            "host", List.of("host", "hostname", "http_host"),
            "sni", List.of("sni", "server_name", "tls_sni"));

    private final LinkedHashMap<String, String> columns;

    private ColumnRoles(LinkedHashMap<String, String> columns) {
        this.columns = columns;
    }

    /**
     * Resolves the roles against the columns of the data. Throws IllegalArgumentException
     * naming a role whose column is missing, or when no column can be matched at all.
     */
    public static ColumnRoles resolve(String spec, List<String> available) {
        Map<String, String> given = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) throw new IllegalArgumentException("column mapping part '" + part.strip() + "' is not role=column");
                String role = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (!ROLES.contains(role)) throw new IllegalArgumentException("unknown role '" + role + "' (known: " + String.join(", ", ROLES) + ")");
                given.put(role, part.substring(eq + 1).strip());
            }
        }
        Map<String, String> lower = new LinkedHashMap<>();
        for (String c : available) lower.putIfAbsent(c.toLowerCase(Locale.ROOT), c);
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (String role : ROLES) {
            String want = given.get(role);
            if (want != null) {
                String col = available.contains(want) ? want : lower.get(want.toLowerCase(Locale.ROOT));
                if (col == null) throw new IllegalArgumentException("column '" + want + "' for " + role + " is not in the data (columns: " + String.join(", ", available) + ")");
                out.put(role, col);
            } else if (given.isEmpty() || !given.containsKey(role)) {
                for (String g : GUESSES.get(role)) {
                    if (lower.containsKey(g)) {
                        out.put(role, lower.get(g));
                        break;
                    }
                }
            }
        }
        if (!out.containsKey("query") && !out.containsKey("url") && !out.containsKey("host") && !out.containsKey("sni")
                && !out.containsKey("server") && !out.containsKey("client")) {
            throw new IllegalArgumentException("no column to check among " + String.join(", ", available) + "; give --columns");
        }
        return new ColumnRoles(out);
    }

    public String column(String role) {
        return columns.get(role);
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(columns);
    }
}
