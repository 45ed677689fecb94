package dev.vigil.network.capture;

import dev.vigil.network.NetSink;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes captured frames down to what Vigil checks: link layers (Ethernet with 802.1Q/802.1ad
 * VLAN tags, Linux cooked SLL and SLL2, raw IP, BSD loopback), IPv4 (fragments are counted and
 * skipped) and IPv6 (extension headers walked), UDP and TCP; then DNS over UDP and TCP, the
 * TLS ClientHello server name and HTTP request heads from the first bytes of each TCP stream.
 *
 * <p>TCP streams are reassembled in order from the sequence numbers, with a few out-of-order
 * segments held; each direction keeps at most {@link #STREAM_CAP} bytes not yet consumed, at
 * most {@link #MAX_CONNS} connections are tracked (least recently used ones are dropped), and
 * a stream is let go as soon as its content is known not to interest us (bulk data after a
 * ClientHello), so memory stays flat whatever the size of the capture.
 */
public final class PacketDecoder implements CaptureReader.Handler {
    static final int STREAM_CAP = 64 * 1024 + 2;
    static final int MAX_CONNS = 65_536;
    static final int MAX_PENDING = 16;
    static final int MAX_HTTP_REQUESTS = 64;

    private final NetSink sink;
    private final String input;
    private final IpText ips = new IpText();
    private final Map<Endpoints, Conn> conns = new LinkedHashMap<>(4096, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Endpoints, Conn> eldest) {
            if (size() > MAX_CONNS) {
                evicted++;
                return true;
            }
            return false;
        }
    };

    private long time;
    private long fragments, malformed, nonIp, badDns, gaps, evicted, ipv6Stopped;
    private final Map<Integer, Long> unsupportedLinks = new TreeMap<>();

    public PacketDecoder(NetSink sink, String input) {
        this.sink = sink;
        this.input = input;
    }

    private record Endpoints(String src, int sp, String dst, int dp) {}

    private static final int UNDECIDED = 0, DNS = 1, TLS = 2, HTTP = 3, DONE = 4;

    private final class Stream {
        long next = -1;
        byte[] buf;
        int len;
        int kind = UNDECIDED;
        TreeMap<Long, byte[]> pending;
        long skip;
        int requests;
        byte[] hs;
        int hsLen;

        void done() {
            kind = DONE;
            buf = null;
            pending = null;
            hs = null;
        }
    }

    private final class Conn {
        final String client, server;
        final int cport, sport;
        Stream c2s = new Stream(), s2c = new Stream();

        Conn(String client, int cport, String server, int sport) {
            this.client = client;
            this.cport = cport;
            this.server = server;
            this.sport = sport;
        }
    }

    @Override
    public void name(String ip, String name) {
        sink.resolved(ip, name);
    }

    @Override
    public void warn(String message) {
        sink.warn(input, message);
    }

    /** Reports what was skipped. Call once at the end of the capture. */
    public void finish() {
        if (fragments > 0) sink.warn(input, fragments + " IP fragments skipped (not reassembled)");
        if (malformed > 0) sink.warn(input, malformed + " packets too short or malformed for their headers; skipped");
        if (badDns > 0) sink.warn(input, badDns + " DNS messages could not be parsed; skipped");
        if (gaps > 0) sink.warn(input, gaps + " TCP streams had gaps (missing segments); their content after the gap was not read");
        if (evicted > 0) sink.warn(input, evicted + " TCP connections were dropped from tracking (over " + MAX_CONNS + " at once); their later content was not read");
        if (ipv6Stopped > 0) sink.warn(input, ipv6Stopped + " IPv6 packets with encrypted (ESP) or too many extension headers; skipped");
        if (nonIp > 0) sink.warn(input, nonIp + " frames carried neither IPv4 nor IPv6 (ARP, LLDP, ...); not read");
        for (var e : unsupportedLinks.entrySet()) {
            sink.warn(input, e.getValue() + " packets with unsupported link type " + e.getKey() + " were not read");
        }
        conns.clear();
    }

    @Override
    public void packet(int linkType, long t, byte[] b, int off, int len) {
        time = t;
        int end = off + len;
        try {
            switch (linkType) {
                case 1 -> ethernet(b, off, end);
                case 113 -> {
                    if (len < 16) { malformed++; return; }
                    network(u16(b, off + 14), b, off + 16, end);
                }
                case 276 -> {
                    if (len < 20) { malformed++; return; }
                    network(u16(b, off), b, off + 20, end);
                }
                case 101, 12, 14 -> raw(b, off, end);
                case 228 -> ipv4(b, off, end);
                case 229 -> ipv6(b, off, end);
                case 0, 108 -> {
                    if (len < 4) { malformed++; return; }
                    int fam = linkType == 108 ? be32(b, off) : Math.min(be32(b, off), Integer.reverseBytes(be32(b, off)));
                    if (fam == 2) ipv4(b, off + 4, end);
                    else if (fam == 24 || fam == 28 || fam == 30 || fam == 10) ipv6(b, off + 4, end);
                    else nonIp++;
                }
                default -> unsupportedLinks.merge(linkType, 1L, Long::sum);
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            malformed++; // a bound we failed to check must not stop the capture
        }
    }

    private void ethernet(byte[] b, int off, int end) {
        if (end - off < 14) { malformed++; return; }
        int et = u16(b, off + 12);
        int p = off + 14;
        int tags = 0;
        while (et == 0x8100 || et == 0x88a8 || et == 0x9100) {
            if (++tags > 4 || p + 4 > end) { malformed++; return; }
            et = u16(b, p + 2);
            p += 4;
        }
        network(et, b, p, end);
    }

    private void network(int ethertype, byte[] b, int p, int end) {
        if (ethertype == 0x0800) ipv4(b, p, end);
        else if (ethertype == 0x86DD) ipv6(b, p, end);
        else nonIp++;
    }

    private void raw(byte[] b, int p, int end) {
        if (p >= end) { malformed++; return; }
        int v = (b[p] & 0xff) >> 4;
        if (v == 4) ipv4(b, p, end);
        else if (v == 6) ipv6(b, p, end);
        else nonIp++;
    }

    private void ipv4(byte[] b, int p, int end) {
        if (end - p < 20 || (b[p] & 0xf0) != 0x40) { malformed++; return; }
        int ihl = (b[p] & 0x0f) * 4;
        int total = u16(b, p + 2);
        if (ihl < 20 || total < ihl) { malformed++; return; }
        int ipEnd = Math.min(end, p + total);
        if (ipEnd - p < ihl) { malformed++; return; }
        int frag = u16(b, p + 6);
        if ((frag & 0x2000) != 0 || (frag & 0x1fff) != 0) { fragments++; return; }
        int proto = b[p + 9] & 0xff;
        String src = ips.v4(b, p + 12), dst = ips.v4(b, p + 16);
        transport(proto, src, dst, b, p + ihl, ipEnd, total);
    }

    private void ipv6(byte[] b, int p, int end) {
        if (end - p < 40 || (b[p] & 0xf0) != 0x60) { malformed++; return; }
        int payload = u16(b, p + 4);
        int next = b[p + 6] & 0xff;
        int ipEnd = Math.min(end, p + 40 + payload);
        String src = ips.v6(b, p + 8), dst = ips.v6(b, p + 24);
        int q = p + 40;
        for (int i = 0; i < 8; i++) {
            switch (next) {
                case 0, 43, 60 -> { // hop-by-hop, routing, destination options
                    if (q + 8 > ipEnd) { malformed++; return; }
                    next = b[q] & 0xff;
                    q += ((b[q + 1] & 0xff) + 1) * 8;
                }
                case 44 -> { // fragment
                    if (q + 8 > ipEnd) { malformed++; return; }
                    int fo = u16(b, q + 2);
                    if ((fo & 0xfff8) != 0 || (fo & 1) != 0) { fragments++; return; }
                    next = b[q] & 0xff;
                    q += 8;
                }
                case 51 -> { // authentication header
                    if (q + 8 > ipEnd) { malformed++; return; }
                    next = b[q] & 0xff;
                    q += ((b[q + 1] & 0xff) + 2) * 4;
                }
                case 59 -> { return; } // no next header
                case 50 -> { ipv6Stopped++; return; } // ESP: encrypted
                default -> {
                    if (q > ipEnd) { malformed++; return; }
                    transport(next, src, dst, b, q, ipEnd, 40 + payload);
                    return;
                }
            }
        }
        ipv6Stopped++;
    }

    private void transport(int proto, String src, String dst, byte[] b, int p, int end, int ipLen) {
        if (proto == 17) {
            if (end - p < 8) { malformed++; return; }
            int sp = u16(b, p), dp = u16(b, p + 2);
            int ulen = u16(b, p + 4);
            int dataEnd = ulen >= 8 ? Math.min(end, p + ulen) : end;
            boolean srcIsServer = serverSide(sp, dp);
            if (srcIsServer) sink.flow(input, time, dst, src, sp, "udp", 1, ipLen, 0);
            else sink.flow(input, time, src, dst, dp, "udp", 1, ipLen, 0);
            if (sp == 53 || dp == 53) dnsMessage(b, p + 8, dataEnd - p - 8, src, sp, dst, dp, "udp");
        } else if (proto == 6) {
            tcp(src, dst, b, p, end, ipLen);
        }
    }

    /** For a flow without a handshake: is the source port the server's? */
    static boolean serverSide(int sp, int dp) {
        boolean sw = wellKnown(sp), dw = wellKnown(dp);
        if (sw != dw) return sw;
        if (sp < 1024 != dp < 1024) return sp < 1024;
        return sp < dp;
    }

    private static boolean wellKnown(int port) {
        return switch (port) {
            case 53, 80, 443, 853, 8080, 8443, 123, 5228, 5223, 993, 995, 465, 587, 25, 22, 3128, 1080, 3478, 5353 -> true;
            default -> false;
        };
    }

    private void dnsMessage(byte[] b, int off, int len, String src, int sp, String dst, int dp, String transport) {
        if (len <= 0) return;
        DnsMessage m = DnsMessage.parse(b, off, len, ips);
        if (m == null) { badDns++; return; }
        if (!m.response()) {
            for (DnsMessage.Question q : m.questions()) {
                sink.dns(input, time, src, dst, dp, transport, q.name(), q.type(), false, null, List.of());
            }
        } else {
            List<String> values = new ArrayList<>(m.answers().size());
            for (DnsMessage.Answer a : m.answers()) values.add(a.value());
            String first = m.questions().get(0).name();
            for (DnsMessage.Answer a : m.answers()) {
                if (!"CNAME".equals(a.type())) sink.resolved(a.value(), first);
            }
            for (DnsMessage.Question q : m.questions()) {
                sink.dns(input, time, dst, src, sp, transport, q.name(), q.type(), true, DnsMessage.rcodeName(m.rcode()), values);
            }
        }
    }

    // ------------------------------------------------------------------ TCP

    private void tcp(String src, String dst, byte[] b, int p, int end, int ipLen) {
        if (end - p < 20) { malformed++; return; }
        int sp = u16(b, p), dp = u16(b, p + 2);
        long seq = be32(b, p + 4) & 0xffffffffL;
        int dataOff = ((b[p + 12] & 0xff) >> 4) * 4;
        int flags = b[p + 13] & 0xff;
        if (dataOff < 20 || p + dataOff > end) { malformed++; return; }
        boolean syn = (flags & 0x02) != 0, ack = (flags & 0x10) != 0, rst = (flags & 0x04) != 0;
        Endpoints fwd = new Endpoints(src, sp, dst, dp);
        Conn c = conns.get(fwd);
        boolean fromClient = true;
        if (c == null) {
            c = conns.get(new Endpoints(dst, dp, src, sp));
            fromClient = false;
        }
        if (c != null && syn && !ack && fromClient) {
            c = null; // a new connection on the same ports: start over
        }
        if (c == null) {
            boolean srcIsClient = syn ? !ack : !serverSide(sp, dp);
            if (srcIsClient) {
                c = new Conn(src, sp, dst, dp);
                conns.put(fwd, c);
                fromClient = true;
            } else {
                c = new Conn(dst, dp, src, sp);
                conns.put(new Endpoints(dst, dp, src, sp), c);
                fromClient = false;
            }
        }
        sink.flow(input, time, c.client, c.server, c.sport, "tcp", 1, ipLen, syn && !ack ? 1 : 0);
        Stream s = fromClient ? c.c2s : c.s2c;
        if (syn) {
            if (s.kind != DONE) s.next = (seq + 1) & 0xffffffffL;
            return;
        }
        int dataLen = end - p - dataOff;
        if (dataLen > 0 && s.kind != DONE) add(c, s, fromClient, seq, b, p + dataOff, dataLen);
        if (rst) {
            c.c2s.done();
            c.s2c.done();
        }
    }

    private void add(Conn c, Stream s, boolean fromClient, long seq, byte[] b, int off, int n) {
        if (s.next < 0) s.next = seq;
        int d = (int) (seq - s.next);
        if (d > 0) {
            if (s.pending == null) s.pending = new TreeMap<>();
            if (d > STREAM_CAP || s.pending.size() >= MAX_PENDING) {
                gaps++;
                s.done();
                return;
            }
            byte[] copy = new byte[n];
            System.arraycopy(b, off, copy, 0, n);
            s.pending.putIfAbsent(seq, copy);
            return;
        }
        if (!append(s, d, b, off, n)) return;
        while (s.pending != null && !s.pending.isEmpty() && s.kind != DONE) {
            boolean progressed = false;
            for (Iterator<Map.Entry<Long, byte[]>> it = s.pending.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                int pd = (int) (e.getKey() - s.next);
                if (pd <= 0) {
                    it.remove();
                    append(s, pd, e.getValue(), 0, e.getValue().length);
                    progressed = true;
                    break;
                }
            }
            if (!progressed || s.kind == DONE) break;
        }
        consume(c, s, fromClient);
    }

    /** Appends the part of a segment that is new (d <= 0: bytes already had). */
    private boolean append(Stream s, int d, byte[] b, int off, int n) {
        if (s.kind == DONE) return false;
        if (-d >= n) return false; // a retransmission of what we have
        off -= d;
        n += d;
        s.next = (s.next + n) & 0xffffffffL;
        if (s.skip > 0) { // an HTTP body we do not read
            int k = (int) Math.min(s.skip, n);
            s.skip -= k;
            off += k;
            n -= k;
            if (n == 0) return true;
        }
        if (s.buf == null) s.buf = new byte[Math.max(2048, Math.min(n, STREAM_CAP))];
        if (s.len + n > s.buf.length) {
            if (s.len + n > STREAM_CAP) {
                s.done(); // more than we ever need to look at without progress
                return false;
            }
            s.buf = java.util.Arrays.copyOf(s.buf, Math.min(STREAM_CAP, Math.max(s.len + n, s.buf.length * 2)));
        }
        System.arraycopy(b, off, s.buf, s.len, n);
        s.len += n;
        return true;
    }

    private static void shift(Stream s, int n) {
        System.arraycopy(s.buf, n, s.buf, 0, s.len - n);
        s.len -= n;
    }

    private void consume(Conn c, Stream s, boolean fromClient) {
        if (s.kind == UNDECIDED) {
            if (c.sport == 53 || c.cport == 53) {
                s.kind = DNS;
            } else if (!fromClient) {
                s.done();
                return;
            } else if (s.len >= 2 && s.buf[0] == 0x16 && s.buf[1] == 0x03) {
                s.kind = TLS;
            } else if (s.len >= 8 && HttpRequest.looksLikeRequest(s.buf, 0, s.len)) {
                s.kind = HTTP;
            } else if (s.len >= 8 || s.len >= 2 && s.buf[0] != 0x16 && !Character.isUpperCase(s.buf[0])) {
                s.done();
                return;
            } else {
                return; // wait for a few more bytes
            }
        }
        switch (s.kind) {
            case DNS -> {
                while (s.len >= 2) {
                    int ml = ((s.buf[0] & 0xff) << 8) | (s.buf[1] & 0xff);
                    if (s.len < 2 + ml) break;
                    if (fromClient) dnsMessage(s.buf, 2, ml, c.client, c.cport, c.server, c.sport, "tcp");
                    else dnsMessage(s.buf, 2, ml, c.server, c.sport, c.client, c.cport, "tcp");
                    shift(s, 2 + ml);
                }
            }
            case TLS -> tls(c, s);
            case HTTP -> http(c, s);
            default -> { }
        }
    }

    private void tls(Conn c, Stream s) {
        while (s.len >= 5) {
            if (s.buf[0] != 0x16) { s.done(); return; }
            int rl = ((s.buf[3] & 0xff) << 8) | (s.buf[4] & 0xff);
            if (rl > 18_432) { s.done(); return; }
            if (s.len < 5 + rl) return;
            if (s.hs == null) s.hs = new byte[Math.max(rl, 512)];
            if (s.hsLen + rl > 65_536) { s.done(); return; }
            if (s.hsLen + rl > s.hs.length) s.hs = java.util.Arrays.copyOf(s.hs, Math.max(s.hsLen + rl, s.hs.length * 2));
            System.arraycopy(s.buf, 5, s.hs, s.hsLen, rl);
            s.hsLen += rl;
            shift(s, 5 + rl);
            if (s.hsLen >= 4) {
                if (s.hs[0] != 1) { s.done(); return; }
                int hl = ((s.hs[1] & 0xff) << 16) | ((s.hs[2] & 0xff) << 8) | (s.hs[3] & 0xff);
                if (hl > 65_532) { s.done(); return; }
                if (s.hsLen >= 4 + hl) {
                    ClientHello ch = ClientHello.parse(s.hs, 0, s.hsLen);
                    if (ch != null) sink.tls(input, time, c.client, c.server, c.sport, ch.sni(), ch.version(), ch.alpn());
                    s.done(); // the rest of the stream is encrypted
                    return;
                }
            }
        }
    }

    private void http(Conn c, Stream s) {
        while (s.len > 0 && s.kind == HTTP) {
            int he = HttpRequest.headEnd(s.buf, 0, Math.min(s.len, HttpRequest.MAX_HEAD));
            if (he < 0) {
                if (s.len >= HttpRequest.MAX_HEAD) s.done();
                return;
            }
            HttpRequest r = HttpRequest.parse(s.buf, 0, he);
            if (r == null) { s.done(); return; }
            sink.http(input, time, c.client, c.server, c.sport, r.method(), r.host(), r.url(c.server, c.sport), r.userAgent());
            shift(s, he);
            if (r.bodyLength() < 0 || ++s.requests >= MAX_HTTP_REQUESTS || "CONNECT".equals(r.method())) { s.done(); return; }
            long skip = r.bodyLength();
            int now = (int) Math.min(skip, s.len);
            shift(s, now);
            s.skip = skip - now;
            if (s.len > 0 && !HttpRequest.looksLikeRequest(s.buf, 0, s.len) && s.len >= 8) { s.done(); return; }
        }
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    private static int be32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }
}
