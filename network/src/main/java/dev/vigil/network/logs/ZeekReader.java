package dev.vigil.network.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.network.CorruptInputException;
import dev.vigil.network.NetSink;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Zeek logs: dns, conn, ssl and http, in Zeek's tab-separated format (the "#separator",
 * "#fields", "#path" header lines give the layout; "-" is unset, "(empty)" an empty set) or as
 * JSON lines (LogAscii::use_json; the kind of log is told from "_path" or from its fields).
 * Field names as in the Zeek documentation of each log (ts, id.orig_h, id.resp_h, id.resp_p,
 * proto, query, qtype_name, rcode_name, answers; server_name; method, host, uri; orig_pkts ...).
 */
public final class ZeekReader {
    private ZeekReader() {}

    public static boolean looksLikeTsv(String firstLine) {
        return firstLine.startsWith("#separator");
    }

    public static boolean looksLikeJson(JsonNode n) {
        return n.has("id.orig_h") || n.has("id") && n.get("id").has("orig_h");
    }

    /** Reads a whole log; returns the number of entries used. */
    public static long read(InputStream in, String input, NetSink sink) throws IOException {
        Lines lines = new Lines(in);
        String first = lines.next();
        if (first == null) throw new CorruptInputException("empty Zeek log");
        long used;
        if (looksLikeTsv(first)) used = tsv(first, lines, input, sink);
        else used = json(first, lines, input, sink);
        if (lines.cut() > 0) sink.warn(input, lines.cut() + " lines longer than " + Lines.MAX_LINE + " bytes were cut");
        return used;
    }

    private static long tsv(String first, Lines lines, String input, NetSink sink) throws IOException {
        String sep = unescape(first.substring("#separator".length()).strip());
        if (sep.isEmpty()) sep = "\t";
        String setSep = ",", unset = "-", empty = "(empty)", path = null;
        String[] fields = null;
        long used = 0, bad = 0, other = 0;
        String line;
        while ((line = lines.next()) != null) {
            if (line.startsWith("#")) {
                String[] p = line.split(java.util.regex.Pattern.quote(sep), -1);
                switch (p[0]) {
                    case "#set_separator" -> setSep = p.length > 1 ? unescape(p[1]) : ",";
                    case "#unset_field" -> unset = p.length > 1 ? p[1] : "-";
                    case "#empty_field" -> empty = p.length > 1 ? p[1] : "(empty)";
                    case "#path" -> path = p.length > 1 ? p[1] : null;
                    case "#fields" -> {
                        if (p.length > 4096) throw new CorruptInputException("Zeek #fields line with " + p.length + " fields");
                        fields = java.util.Arrays.copyOfRange(p, 1, p.length);
                    }
                    default -> { }
                }
                continue;
            }
            if (line.isEmpty()) continue;
            if (fields == null) throw new CorruptInputException("Zeek log line " + lines.number() + " comes before any #fields header");
            String[] v = line.split(java.util.regex.Pattern.quote(sep), -1);
            if (v.length != fields.length) {
                bad++;
                continue;
            }
            Map<String, String> m = new HashMap<>(fields.length * 2);
            for (int i = 0; i < fields.length; i++) {
                String x = v[i];
                if (x.equals(unset)) x = null;
                else if (x.equals(empty)) x = "";
                m.put(fields[i], x);
            }
            final String ss = setSep;
            Row row = new Row() {
                @Override
                public String get(String f) {
                    return m.get(f);
                }

                @Override
                public List<String> list(String f, String separator) {
                    return Row.super.list(f, ss);
                }
            };
            String kind = path != null ? path : kindOf(m.keySet()::contains);
            if (emit(kind, row, input, sink)) used++;
            else other++;
        }
        if (bad > 0) sink.warn(input, bad + " Zeek lines had a wrong number of fields; skipped");
        if (other > 0) sink.warn(input, other + " entries of Zeek log '" + path + "' are not one of dns, conn, ssl, http; not used");
        return used;
    }

    private static long json(String first, Lines lines, String input, NetSink sink) throws IOException {
        long used = 0, bad = 0;
        Map<String, Long> other = new TreeMap<>();
        String line = first;
        do {
            if (line.isBlank()) continue;
            JsonNode n = Lines.jsonObject(line);
            if (n == null) {
                bad++;
                continue;
            }
            String kind = n.has("_path") ? n.get("_path").asText() : kindOf(n::has);
            if (emit(kind, Row.json(n), input, sink)) used++;
            else other.merge(String.valueOf(kind), 1L, Long::sum);
        } while ((line = lines.next()) != null);
        if (bad > 0) sink.warn(input, bad + " lines were not JSON objects; skipped");
        for (var e : other.entrySet()) sink.warn(input, e.getValue() + " entries of Zeek log '" + e.getKey() + "' not used (only dns, conn, ssl, http)");
        return used;
    }

    static String kindOf(java.util.function.Predicate<String> has) {
        if (has.test("query") && has.test("qtype_name") || has.test("query") && has.test("trans_id")) return "dns";
        if (has.test("server_name") || has.test("ssl_history") || has.test("cipher")) return "ssl";
        if (has.test("method") || has.test("uri")) return "http";
        if (has.test("conn_state") || has.test("orig_bytes") || has.test("history")) return "conn";
        return null;
    }

    private static boolean emit(String kind, Row r, String input, NetSink sink) {
        if (kind == null) return false;
        long ts = TimeParse.parse(r.get("ts"));
        String oh = r.get("id.orig_h"), rh = r.get("id.resp_h");
        int rp = Row.port(r.get("id.resp_p"));
        String proto = r.get("proto");
        switch (kind) {
            case "dns" -> {
                String q = r.get("query");
                if (q == null || q.isEmpty()) return true;
                List<String> answers = r.list("answers", ",");
                for (String a : answers) if (isIp(a)) sink.resolved(a, q);
                sink.dns(input, ts, oh, rh, rp, proto, q, r.get("qtype_name"), false, r.get("rcode_name"), answers);
            }
            case "conn" -> {
                long pk = Row.num(r.get("orig_pkts")) + Row.num(r.get("resp_pkts"));
                long by = Row.num(r.get("orig_ip_bytes")) + Row.num(r.get("resp_ip_bytes"));
                sink.flow(input, ts, oh, rh, rp, proto == null ? null : proto.toLowerCase(java.util.Locale.ROOT), pk, by,
                        "tcp".equalsIgnoreCase(proto) ? 1 : 0);
            }
            case "ssl" -> sink.tls(input, ts, oh, rh, rp, emptyToNull(r.get("server_name")), r.get("version"), emptyToNull(r.get("next_protocol")));
            case "http" -> {
                String host = emptyToNull(r.get("host"));
                String uri = r.get("uri");
                String h = host != null ? host : rh == null ? "" : rh.indexOf(':') >= 0 ? "[" + rh + "]" : rh;
                String url = uri != null && (uri.startsWith("http://") || uri.startsWith("https://")) ? uri
                        : "http://" + h + (rp > 0 && rp != 80 && h.lastIndexOf(':') <= h.lastIndexOf(']') ? ":" + rp : "") + (uri == null ? "/" : uri);
                sink.http(input, ts, oh, rh, rp, r.get("method"), host, url, r.get("user_agent"));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    static boolean isIp(String s) {
        if (s == null || s.isEmpty()) return false;
        if (s.indexOf(':') >= 0) return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        return s.chars().allMatch(c -> Character.isDigit(c) || c == '.') && s.chars().filter(c -> c == '.').count() == 3;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Zeek writes separators escaped: "\x09". */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
                try {
                    sb.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // keep as is
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
