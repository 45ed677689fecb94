package dev.vigil.network.intrusion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the DNS and connect events of an Android intrusion log exported as JSON lines (one
 * {@code IntrusionDetectionEvent} per line). Android defines the events, not a file format, so
 * the parser accepts the shapes exporters write: the payload nested under
 * {@code dnsEvent}/{@code connectEvent} (or {@code dns_event}/{@code connect_event}) or flat; the
 * type as its number (1 DNS, 2 connect; 0 security events are skipped) or its constant name;
 * fields named as the {@code DnsEvent}/{@code ConnectEvent} getters (hostname, inetAddresses,
 * totalResolvedAddressCount, inetAddress, port, packageName, timestamp, id), camel or snake case.
 *
 * <p>No Android dependency: usable by the Android helper and the network checks alike.
 * Bounded: lines over 1 MiB, nesting over 64 and lists over 64 entries are not read in full.
 */
public final class IntrusionLogParser {
    static final int MAX_LINE = 1 << 20;
    static final int MAX_ADDRESSES = 64;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(MAX_LINE).build());
    }

    /** What a parse saw beyond the events it handed out. */
    public record Summary(long dns, long connect, long security, long other, long malformed, long cut) {}

    private IntrusionLogParser() {}

    /** Is this JSON object an intrusion-log network or security event? */
    public static boolean looksLikeEvent(JsonNode n) {
        if (n == null || !n.isObject()) return false;
        if (field(n, "dnsEvent", "dns_event") != null || field(n, "connectEvent", "connect_event") != null) return true;
        if (field(n, "securityEvent", "security_event") != null) return true;
        JsonNode type = field(n, "type", "eventType", "event_type");
        if (type != null && type.isTextual()) {
            String t = type.asText().toUpperCase(Locale.ROOT);
            if (t.startsWith("NETWORK_EVENT_") || t.equals("SECURITY_EVENT")) return true;
        }
        return field(n, "hostname") != null && field(n, "inetAddresses", "inet_addresses") != null
                || field(n, "inetAddress", "inet_address") != null && field(n, "packageName", "package_name") != null;
    }

    /** Parses JSON lines, handing each DNS or connect event to the consumer. */
    public static Summary parse(InputStream in, Consumer<IntrusionEvent> out) throws IOException {
        long dns = 0, connect = 0, security = 0, other = 0, malformed = 0, cut = 0;
        var reader = new java.io.BufferedInputStream(in, 1 << 16);
        StringBuilder sb = new StringBuilder();
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(4096);
        boolean over = false;
        int c;
        while (true) {
            c = reader.read();
            if (c != '\n' && c != -1) {
                if (line.size() < MAX_LINE) line.write(c);
                else over = true;
                continue;
            }
            if (line.size() > 0) {
                if (over) {
                    cut++;
                    malformed++;
                } else {
                    String s = line.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
                    if (!s.isEmpty()) {
                        IntrusionEvent e;
                        try {
                            JsonNode n = MAPPER.readTree(s);
                            int kind = kind(n);
                            if (kind == 0) security++;
                            e = kind == 1 || kind == 2 ? event(n, kind) : null;
                            if (kind < 0) other++;
                        } catch (JsonProcessingException ex) {
                            e = null;
                            malformed++;
                        }
                        if (e instanceof IntrusionEvent.Dns) dns++;
                        if (e instanceof IntrusionEvent.Connect) connect++;
                        if (e != null) out.accept(e);
                    }
                }
            }
            line.reset();
            over = false;
            if (c == -1) break;
        }
        sb.setLength(0);
        return new Summary(dns, connect, security, other, malformed, cut);
    }

    /** 0 security, 1 DNS, 2 connect, -1 not an intrusion event. */
    static int kind(JsonNode n) {
        if (n == null || !n.isObject()) return -1;
        if (field(n, "dnsEvent", "dns_event") != null) return 1;
        if (field(n, "connectEvent", "connect_event") != null) return 2;
        if (field(n, "securityEvent", "security_event") != null) return 0;
        JsonNode type = field(n, "type", "eventType", "event_type");
        if (type != null) {
            if (type.isInt()) return type.asInt() >= 0 && type.asInt() <= 2 ? type.asInt() : -1;
            String t = type.asText().toUpperCase(Locale.ROOT);
            if (t.contains("DNS")) return 1;
            if (t.contains("CONNECT")) return 2;
            if (t.contains("SECURITY")) return 0;
        }
        if (field(n, "hostname") != null) return 1;
        if (field(n, "inetAddress", "inet_address") != null) return 2;
        return -1;
    }

    private static IntrusionEvent event(JsonNode n, int kind) {
        JsonNode p = kind == 1 ? field(n, "dnsEvent", "dns_event") : field(n, "connectEvent", "connect_event");
        if (p == null || !p.isObject()) p = n;
        long id = num(field(p, "id"), num(field(n, "id"), 0));
        long ts = num(field(p, "timestamp", "timeMillis", "time"), num(field(n, "timestamp", "time"), 0));
        String pkg = text(field(p, "packageName", "package_name", "package"));
        if (pkg == null) pkg = text(field(n, "packageName", "package_name"));
        if (kind == 1) {
            String host = text(field(p, "hostname", "hostName", "host_name"));
            if (host == null) return null;
            List<String> addrs = new ArrayList<>();
            JsonNode a = field(p, "inetAddresses", "inet_addresses", "addresses");
            if (a != null && a.isArray()) {
                for (JsonNode x : a) if (addrs.size() < MAX_ADDRESSES && text(x) != null) addrs.add(address(text(x)));
            } else if (text(a) != null) {
                for (String x : text(a).split("[,; ]+")) if (!x.isEmpty() && addrs.size() < MAX_ADDRESSES) addrs.add(address(x));
            }
            int total = (int) num(field(p, "totalResolvedAddressCount", "total_resolved_address_count"), addrs.size());
            return new IntrusionEvent.Dns(id, ts, pkg, host, List.copyOf(addrs), total);
        }
        String addr = text(field(p, "inetAddress", "inet_address", "address"));
        if (addr == null) return null;
        int port = (int) num(field(p, "port"), -1);
        return new IntrusionEvent.Connect(id, ts, pkg, address(addr), port < 0 || port > 65535 ? -1 : port);
    }

    /** InetAddress.toString() writes "hostname/1.2.3.4" or "/1.2.3.4": keep the address. */
    static String address(String s) {
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }

    private static JsonNode field(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && !v.isNull()) return v;
        }
        return null;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) return null;
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    private static long num(JsonNode n, long dflt) {
        if (n == null) return dflt;
        if (n.isNumber()) return n.asLong();
        try {
            return Long.parseLong(n.asText().strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
