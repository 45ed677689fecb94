package dev.vigil.network.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.network.NetSink;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Suricata EVE JSON (eve.json): dns, tls, http and flow events. DNS events of the three
 * layouts Suricata has written are read: version 1 (one event per query or answer, with
 * rrname/rrtype/rdata), version 2 (answers in "answers" and/or "grouped"), and version 3
 * (Suricata 8: "queries" and "answers" lists). Other event types are counted, not used.
 */
public final class EveReader {
    private EveReader() {}

    public static boolean looksLikeEve(JsonNode n) {
        return n.has("event_type") && (n.has("timestamp") || n.has("src_ip"));
    }

    public static long read(InputStream in, String input, NetSink sink) throws IOException {
        Lines lines = new Lines(in);
        long used = 0, bad = 0;
        Map<String, Long> other = new TreeMap<>();
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) continue;
            JsonNode n = Lines.jsonObject(line);
            if (n == null) {
                bad++;
                continue;
            }
            String et = Row.text(n.get("event_type"));
            boolean ok = switch (et == null ? "" : et) {
                case "dns" -> dns(n, input, sink);
                case "tls" -> tls(n, input, sink);
                case "http" -> http(n, input, sink);
                case "flow", "netflow" -> flow(n, input, sink);
                default -> false;
            };
            if (ok) used++;
            else other.merge(et == null ? "(none)" : et, 1L, Long::sum);
        }
        if (bad > 0) sink.warn(input, bad + " lines were not JSON objects; skipped");
        if (lines.cut() > 0) sink.warn(input, lines.cut() + " lines longer than " + Lines.MAX_LINE + " bytes were cut");
        for (var e : other.entrySet()) sink.warn(input, e.getValue() + " events of type '" + e.getKey() + "' not used (only dns, tls, http, flow)");
        return used;
    }

    private record Ends(String client, String server, int port) {}

    private static Ends ends(JsonNode n, boolean dns) {
        String src = Row.text(n.get("src_ip")), dst = Row.text(n.get("dest_ip"));
        int sp = Row.port(Row.text(n.get("src_port"))), dp = Row.port(Row.text(n.get("dest_port")));
        if (dns && sp == 53 && dp != 53) return new Ends(dst, src, sp);
        return new Ends(src, dst, dp);
    }

    private static String proto(JsonNode n) {
        String p = Row.text(n.get("proto"));
        return p == null ? null : p.toLowerCase(Locale.ROOT);
    }

    private static boolean dns(JsonNode n, String input, NetSink sink) {
        JsonNode d = n.get("dns");
        if (d == null || !d.isObject()) return false;
        long t = TimeParse.parse(Row.text(n.get("timestamp")));
        Ends e = ends(n, true);
        String type = Row.text(d.get("type"));
        List<String[]> questions = new ArrayList<>(); // name, type
        if (d.hasNonNull("rrname")) questions.add(new String[] {d.get("rrname").asText(), Row.text(d.get("rrtype"))});
        JsonNode qs = d.get("queries");
        if (qs != null && qs.isArray()) {
            for (JsonNode q : qs) if (q.hasNonNull("rrname") && questions.size() < 8) questions.add(new String[] {q.get("rrname").asText(), Row.text(q.get("rrtype"))});
        }
        if (questions.isEmpty()) return false;
        List<String> answers = new ArrayList<>();
        boolean response = "answer".equals(type) || "response".equals(type) || d.has("answers") || d.has("grouped");
        if ("answer".equals(type) && d.hasNonNull("rdata")) answers.add(d.get("rdata").asText()); // version 1
        JsonNode as = d.get("answers");
        if (as != null && as.isArray()) {
            for (JsonNode a : as) {
                String rt = Row.text(a.get("rrtype"));
                if (a.hasNonNull("rdata") && ("A".equals(rt) || "AAAA".equals(rt) || "CNAME".equals(rt)) && answers.size() < 64) {
                    answers.add(a.get("rdata").asText());
                }
            }
        }
        JsonNode g = d.get("grouped");
        if (g != null && g.isObject()) {
            for (String rt : new String[] {"A", "AAAA", "CNAME"}) {
                JsonNode l = g.get(rt);
                if (l != null && l.isArray()) for (JsonNode a : l) if (answers.size() < 64) answers.add(a.asText());
            }
        }
        List<String> dedup = answers.stream().distinct().toList();
        String rcode = Row.text(d.get("rcode"));
        for (String[] q : questions) {
            for (String a : dedup) if (ZeekReader.isIp(a)) sink.resolved(a, q[0]);
            sink.dns(input, t, e.client, e.server, e.port, proto(n), q[0], q[1], response, rcode, dedup);
        }
        return true;
    }

    private static boolean tls(JsonNode n, String input, NetSink sink) {
        JsonNode d = n.get("tls");
        if (d == null || !d.isObject()) return false;
        Ends e = ends(n, false);
        sink.tls(input, TimeParse.parse(Row.text(n.get("timestamp"))), e.client, e.server, e.port, Row.text(d.get("sni")),
                Row.text(d.get("version")), null);
        return true;
    }

    private static boolean http(JsonNode n, String input, NetSink sink) {
        JsonNode d = n.get("http");
        if (d == null || !d.isObject()) return false;
        Ends e = ends(n, false);
        String host = Row.text(d.get("hostname"));
        String path = Row.text(d.get("url"));
        int port = Row.port(Row.text(d.get("http_port")));
        if (port < 0) port = e.port;
        String url;
        if (path != null && (path.startsWith("http://") || path.startsWith("https://"))) url = path;
        else {
            String h = host != null ? host : e.server == null ? "" : e.server.indexOf(':') >= 0 ? "[" + e.server + "]" : e.server;
            url = "http://" + h + (port > 0 && port != 80 ? ":" + port : "") + (path == null ? "/" : path.startsWith("/") ? path : "/" + path);
        }
        sink.http(input, TimeParse.parse(Row.text(n.get("timestamp"))), e.client, e.server, e.port, Row.text(d.get("http_method")),
                host, url, Row.text(d.get("http_user_agent")));
        return true;
    }

    private static boolean flow(JsonNode n, String input, NetSink sink) {
        JsonNode f = n.has("flow") ? n.get("flow") : n.get("netflow");
        Ends e = ends(n, false);
        long t = TimeParse.parse(f != null ? Row.text(f.get("start")) : null);
        if (t == NetSink.UNKNOWN_TIME) t = TimeParse.parse(Row.text(n.get("timestamp")));
        long pk = 0, by = 0;
        if (f != null) {
            pk = Row.num(Row.text(f.get("pkts_toserver"))) + Row.num(Row.text(f.get("pkts_toclient"))) + Row.num(Row.text(f.get("pkts")));
            by = Row.num(Row.text(f.get("bytes_toserver"))) + Row.num(Row.text(f.get("bytes_toclient"))) + Row.num(Row.text(f.get("bytes")));
        }
        String proto = proto(n);
        sink.flow(input, t, e.client, e.server, e.port, proto, pk, by, "tcp".equals(proto) ? 1 : 0);
        return true;
    }
}
