package dev.vigil.network;

import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects the events of all readers in compact form: identical events (same client, server,
 * port, transport and query, server name or URL) are merged into one entry with first and
 * last time seen and a count, so a capture of a million DNS queries to a few thousand names
 * stays small. Every record says so in its {@code merged} field. Bounded: past
 * {@link #MAX_DISTINCT} distinct entries of a kind, further new entries are counted and
 * reported, not kept.
 */
public final class Aggregator implements NetSink {
    public static final int MAX_DISTINCT = 200_000;
    static final int MAX_ANSWERS = 16;
    static final int MAX_INPUTS = 8;
    static final int MAX_RESOLVED = 500_000;
    static final int MAX_INTERNED = 1_000_000;

    static final String DNS_MERGED = "events with the same client, server, port, transport, query and type are merged: count, first and last seen";
    static final String FLOW_MERGED = "packets or connections with the same client, server, port and transport are merged: count, first and last seen";
    static final String TLS_MERGED = "ClientHellos with the same client, server, port and server name are merged: count, first and last seen";
    static final String HTTP_MERGED = "requests with the same client, server, port, method and URL are merged: count, first and last seen";

    private record DnsKey(String client, String server, int port, String transport, String query, String qtype) {}

    private record FlowKey(String client, String server, int port, String transport) {}

    private record TlsKey(String client, String server, int port, String sni) {}

    private record HttpKey(String client, String server, int port, String method, String url) {}

    private abstract static class Agg {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long count;
        Object inputs; // String or List<String>: most entries come from one input

        void seen(String input, long t) {
            count++;
            if (t != UNKNOWN_TIME) {
                if (t < first) first = t;
                if (t > last) last = t;
            }
            if (inputs == null) {
                inputs = input;
            } else if (inputs instanceof String s) {
                if (!s.equals(input)) {
                    List<String> l = new ArrayList<>(2);
                    l.add(s);
                    l.add(input);
                    inputs = l;
                }
            } else {
                @SuppressWarnings("unchecked") List<String> l = (List<String>) inputs;
                if (l.size() < MAX_INPUTS && !l.contains(input)) l.add(input);
            }
        }

        List<String> inputList() {
            if (inputs instanceof String s) return List.of(s);
            @SuppressWarnings("unchecked") List<String> l = (List<String>) inputs;
            return l == null ? List.of() : l.stream().sorted().toList();
        }
    }

    private static final class DnsAgg extends Agg {
        long queries, responses;
        Set<String> answers;
        String rcode;
    }

    private static final class FlowAgg extends Agg {
        long packets, bytes, handshakes;
    }

    private static final class TlsAgg extends Agg {
        String version, alpn;
    }

    private static final class HttpAgg extends Agg {
        String host, userAgent;
    }

    private final Map<String, String> strings = new HashMap<>();
    private final Map<DnsKey, DnsAgg> dns = new HashMap<>();
    private final Map<FlowKey, FlowAgg> flows = new HashMap<>();
    private final Map<TlsKey, TlsAgg> tls = new HashMap<>();
    private final Map<HttpKey, HttpAgg> http = new HashMap<>();
    private final Map<String, String> resolved = new HashMap<>();
    private final Map<String, List<String>> warnings = new HashMap<>();
    private final Map<String, long[]> dropped = new HashMap<>();
    private boolean resolvedFull;

    /** A bounded intern pool: the same few addresses and names recur millions of times. */
    String intern(String s) {
        if (s == null) return null;
        String v = strings.get(s);
        if (v != null) return v;
        if (strings.size() < MAX_INTERNED) strings.put(s, s);
        return s;
    }

    private boolean full(Map<?, ?> m, String kind) {
        if (m.size() < MAX_DISTINCT) return false;
        dropped.computeIfAbsent(kind, k -> new long[1])[0]++;
        return true;
    }

    @Override
    public void dns(String input, long time, String client, String server, int port, String transport, String query,
                    String qtype, boolean response, String rcode, List<String> answers) {
        if (query == null || query.isEmpty()) return;
        String q = query.toLowerCase(Locale.ROOT);
        if (q.endsWith(".") && q.length() > 1) q = q.substring(0, q.length() - 1);
        DnsKey k = new DnsKey(intern(client), intern(server), port, transport, intern(q), intern(qtype));
        DnsAgg a = dns.get(k);
        if (a == null) {
            if (full(dns, "DNS")) return;
            a = new DnsAgg();
            dns.put(k, a);
        }
        a.seen(input, time);
        if (response) a.responses++;
        else a.queries++;
        if (rcode != null) a.rcode = intern(rcode);
        if (answers != null && !answers.isEmpty()) {
            if (a.answers == null) a.answers = new LinkedHashSet<>();
            for (String ans : answers) {
                if (a.answers.size() >= MAX_ANSWERS) break;
                a.answers.add(intern(ans));
            }
        }
    }

    @Override
    public void flow(String input, long time, String client, String server, int port, String transport, long packets,
                     long bytes, int handshakes) {
        if (server == null) return;
        FlowKey k = new FlowKey(intern(client), intern(server), port, transport);
        FlowAgg a = flows.get(k);
        if (a == null) {
            if (full(flows, "flow")) return;
            a = new FlowAgg();
            flows.put(k, a);
        }
        a.seen(input, time);
        a.packets += Math.max(0, packets);
        a.bytes += Math.max(0, bytes);
        a.handshakes += Math.max(0, handshakes);
    }

    @Override
    public void tls(String input, long time, String client, String server, int port, String sni, String version, String alpn) {
        String s = sni == null ? null : sni.toLowerCase(Locale.ROOT);
        TlsKey k = new TlsKey(intern(client), intern(server), port, intern(s));
        TlsAgg a = tls.get(k);
        if (a == null) {
            if (full(tls, "TLS")) return;
            a = new TlsAgg();
            tls.put(k, a);
        }
        a.seen(input, time);
        if (version != null) a.version = intern(version);
        if (alpn != null) a.alpn = intern(alpn);
    }

    @Override
    public void http(String input, long time, String client, String server, int port, String method, String host,
                     String url, String userAgent) {
        HttpKey k = new HttpKey(intern(client), intern(server), port, intern(method), url);
        HttpAgg a = http.get(k);
        if (a == null) {
            if (full(http, "HTTP")) return;
            a = new HttpAgg();
            http.put(k, a);
        }
        a.seen(input, time);
        if (host != null) a.host = intern(host);
        if (userAgent != null) a.userAgent = intern(userAgent);
    }

    @Override
    public void resolved(String ip, String name) {
        if (ip == null || name == null || name.isEmpty()) return;
        if (resolved.containsKey(ip)) return;
        if (resolved.size() >= MAX_RESOLVED) {
            resolvedFull = true;
            return;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        resolved.put(intern(ip), intern(n));
    }

    @Override
    public void warn(String input, String message) {
        List<String> l = warnings.computeIfAbsent(input, k -> new ArrayList<>());
        if (l.size() < 100) l.add(message);
        else if (l.size() == 100) l.add("(further warnings omitted)");
    }

    public Map<String, List<String>> warnings() {
        return warnings;
    }

    /** Notes about bounds that were reached, for every module. */
    public List<String> limitNotes() {
        List<String> out = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(dropped).entrySet()) {
            out.add(e.getValue()[0] + " " + e.getKey() + " events of new distinct entries were not kept: over " + MAX_DISTINCT
                    + " distinct entries (raise the heap and split the inputs to see them all)");
        }
        if (resolvedFull) out.add("over " + MAX_RESOLVED + " distinct resolved addresses: further ones are not used to name flows");
        return out;
    }

    public boolean anyDnsAnswers() {
        return !resolved.isEmpty();
    }

    // ------------------------------------------------------------------ records

    private static Object time(long t) {
        return t == Long.MAX_VALUE || t == Long.MIN_VALUE ? null : Times.iso(Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L)));
    }

    private static Object port(int p) {
        return p <= 0 ? null : p;
    }

    private static void common(Record r, Agg a, String client, String server, int port) {
        r.put("timestamp", time(a.first));
        r.put("last_seen", time(a.last));
        r.put("count", a.count);
        r.put("client", client);
        r.put("server", server);
        r.put("port", port(port));
    }

    public List<Record> dnsRecords() {
        List<Record> out = new ArrayList<>(dns.size());
        for (var e : dns.entrySet()) {
            DnsKey k = e.getKey();
            DnsAgg a = e.getValue();
            Record r = new Record();
            common(r, a, k.client, k.server, k.port);
            r.put("transport", k.transport);
            r.put("query", k.query);
            r.put("qtype", k.qtype);
            r.put("queries", a.queries);
            r.put("responses", a.responses);
            r.put("rcode", a.rcode);
            r.put("answers", a.answers == null ? List.of() : List.copyOf(a.answers));
            r.put("inputs", a.inputList());
            r.put("merged", DNS_MERGED);
            out.add(r);
        }
        return sorted(out, "query");
    }

    public List<Record> flowRecords() {
        boolean dnsSeen = anyDnsAnswers();
        List<Record> out = new ArrayList<>(flows.size());
        for (var e : flows.entrySet()) {
            FlowKey k = e.getKey();
            FlowAgg a = e.getValue();
            Record r = new Record();
            common(r, a, k.client, k.server, k.port);
            r.put("transport", k.transport);
            r.put("packets", a.packets);
            r.put("bytes", a.bytes);
            r.put("connections", a.handshakes);
            r.put("resolved_name", resolved.get(k.server));
            r.put("dns_in_inputs", dnsSeen);
            r.put("inputs", a.inputList());
            r.put("merged", FLOW_MERGED);
            out.add(r);
        }
        return sorted(out, "transport");
    }

    public List<Record> tlsRecords() {
        List<Record> out = new ArrayList<>(tls.size());
        for (var e : tls.entrySet()) {
            TlsKey k = e.getKey();
            TlsAgg a = e.getValue();
            Record r = new Record();
            common(r, a, k.client, k.server, k.port);
            r.put("sni", k.sni);
            r.put("version", a.version);
            r.put("alpn", a.alpn);
            r.put("inputs", a.inputList());
            r.put("merged", TLS_MERGED);
            out.add(r);
        }
        return sorted(out, "sni");
    }

    public List<Record> httpRecords() {
        List<Record> out = new ArrayList<>(http.size());
        for (var e : http.entrySet()) {
            HttpKey k = e.getKey();
            HttpAgg a = e.getValue();
            Record r = new Record();
            common(r, a, k.client, k.server, k.port);
            r.put("method", k.method);
            r.put("host", a.host);
            r.put("url", k.url);
            r.put("user_agent", a.userAgent);
            r.put("inputs", a.inputList());
            r.put("merged", HTTP_MERGED);
            out.add(r);
        }
        return sorted(out, "url");
    }

    private static final Comparator<String> NULLS = Comparator.nullsFirst(Comparator.naturalOrder());

    private static List<Record> sorted(List<Record> l, String main) {
        Comparator<Record> c = Comparator.comparing((Record r) -> r.str("timestamp"), NULLS)
                .thenComparing(r -> r.str(main), NULLS)
                .thenComparing(r -> r.str("client"), NULLS)
                .thenComparing(r -> r.str("server"), NULLS)
                .thenComparing(r -> r.str("port"), NULLS)
                .thenComparing(r -> r.str("qtype"), NULLS)
                .thenComparing(r -> r.str("method"), NULLS)
                .thenComparing(r -> r.str("transport"), NULLS);
        l.sort(c);
        return l;
    }
}
