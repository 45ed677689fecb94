package dev.vigil.samples.network;

import java.io.IOException;
import java.util.List;

/**
 * Writes whole exchanges into a capture: DNS over UDP (query and answer), DNS over TCP
 * (handshake, length-prefixed messages split across segments), TLS (handshake, then the
 * ClientHello split across segments, optionally out of order, then encrypted-looking data),
 * and HTTP requests; over IPv4 or IPv6 (chosen by the address literals), in the link
 * encapsulation of the interface.
 */
public final class Traffic {
    /** How frames are wrapped for the interface's link type. */
    public enum Link {
        ETHERNET(1), VLAN(1), QINQ(1), SLL(113), SLL2(276), RAW(101);

        public final int linkType;

        Link(int linkType) {
            this.linkType = linkType;
        }
    }

    private final CaptureWriter w;
    private final int iface;
    private final Link link;
    private boolean ipv6Extensions;
    private int ipId = 1;

    public Traffic(CaptureWriter w, int iface, Link link) {
        this.w = w;
        this.iface = iface;
        this.link = link;
    }

    /** IPv6 packets carry hop-by-hop and destination-options headers from now on. */
    public Traffic ipv6Extensions(boolean on) {
        this.ipv6Extensions = on;
        return this;
    }

    private static boolean v6(String a) {
        return a.indexOf(':') >= 0;
    }

    private byte[] ipPacket(String src, String dst, int proto, byte[] seg) {
        return v6(src) ? Packets.ipv6(src, dst, proto, seg, ipv6Extensions) : Packets.ipv4(src, dst, proto, seg, 0x4000, ipId++ & 0xffff);
    }

    public byte[] frame(String src, byte[] ipPacket) {
        int et = v6(src) ? Packets.ETH_IPV6 : Packets.ETH_IPV4;
        return switch (link) {
            case ETHERNET -> Packets.ethernet(et, ipPacket);
            case VLAN -> Packets.ethernet(et, ipPacket, new int[] {0x8100}, new int[] {42});
            case QINQ -> Packets.ethernet(et, ipPacket, new int[] {0x88a8, 0x8100}, new int[] {100, 42});
            case SLL -> Packets.sll(et, ipPacket);
            case SLL2 -> Packets.sll2(et, ipPacket);
            case RAW -> ipPacket;
        };
    }

    public void write(long t, String src, byte[] ipPacket) throws IOException {
        w.packet(iface, t, frame(src, ipPacket));
    }

    public void udp(long t, String src, int sp, String dst, int dp, byte[] payload) throws IOException {
        write(t, src, ipPacket(src, dst, 17, Packets.udp(src, dst, sp, dp, payload)));
    }

    public void tcp(long t, String src, int sp, String dst, int dp, long seq, long ack, int flags, byte[] payload) throws IOException {
        write(t, src, ipPacket(src, dst, 6, Packets.tcp(src, dst, sp, dp, seq, ack, flags, payload)));
    }

    /** A DNS query and, when answers is not null, its answer 20 ms later. */
    public void dnsUdp(long t, String client, int cport, String server, int id, String name, int qtype, List<String> answers) throws IOException {
        udp(t, client, cport, server, 53, Packets.dnsQuery(id, name, qtype));
        if (answers != null) udp(t + 20_000_000L, server, 53, client, cport, Packets.dnsResponse(id, name, qtype, answers));
    }

    /** DNS over TCP: handshake, the query split in two segments, the answer, FIN. */
    public void dnsTcp(long t, String client, int cport, String server, int id, String name, int qtype, List<String> answers) throws IOException {
        long cs = 1000, ss = 5000;
        handshake(t, client, cport, server, 53, cs, ss);
        byte[] q = lengthPrefixed(Packets.dnsQuery(id, name, qtype));
        int half = q.length / 2;
        tcp(t + 3_000_000, client, cport, server, 53, cs + 1, ss + 1, Packets.ACK | Packets.PSH, java.util.Arrays.copyOfRange(q, 0, half));
        tcp(t + 4_000_000, client, cport, server, 53, cs + 1 + half, ss + 1, Packets.ACK | Packets.PSH, java.util.Arrays.copyOfRange(q, half, q.length));
        byte[] r = lengthPrefixed(Packets.dnsResponse(id, name, qtype, answers));
        tcp(t + 20_000_000, server, 53, client, cport, ss + 1, cs + 1 + q.length, Packets.ACK | Packets.PSH, r);
        tcp(t + 21_000_000, client, cport, server, 53, cs + 1 + q.length, ss + 1 + r.length, Packets.ACK | Packets.FIN, new byte[0]);
    }

    private static byte[] lengthPrefixed(byte[] m) {
        byte[] out = new byte[m.length + 2];
        out[0] = (byte) (m.length >> 8);
        out[1] = (byte) m.length;
        System.arraycopy(m, 0, out, 2, m.length);
        return out;
    }

    private void handshake(long t, String client, int cport, String server, int port, long cs, long ss) throws IOException {
        tcp(t, client, cport, server, port, cs, 0, Packets.SYN, new byte[0]);
        tcp(t + 1_000_000, server, port, client, cport, ss, cs + 1, Packets.SYN | Packets.ACK, new byte[0]);
        tcp(t + 2_000_000, client, cport, server, port, cs + 1, ss + 1, Packets.ACK, new byte[0]);
    }

    /**
     * A TLS connection: handshake, ClientHello in {@code pieces} segments (sent in reverse
     * order when {@code outOfOrder}), then {@code dataSegments} segments of 1400 bytes of
     * ciphertext-like data from the server.
     */
    public void tls(long t, String client, int cport, String server, int port, String sni, int pieces, boolean outOfOrder,
                    int dataSegments) throws IOException {
        long cs = 70_000, ss = 90_000;
        handshake(t, client, cport, server, port, cs, ss);
        byte[] ch = Packets.clientHello(sni, "h2");
        int n = Math.max(1, pieces);
        int step = (ch.length + n - 1) / n;
        long base = cs + 1;
        for (int k = 0; k < n; k++) {
            int i = outOfOrder ? n - 1 - k : k;
            int from = i * step, to = Math.min(ch.length, from + step);
            if (from >= to) continue;
            tcp(t + 3_000_000 + k * 100_000L, client, cport, server, port, base + from, ss + 1, Packets.ACK | Packets.PSH,
                    java.util.Arrays.copyOfRange(ch, from, to));
        }
        byte[] data = new byte[1400];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + 7);
        data[0] = 0x17; // application data records
        data[1] = 0x03;
        data[2] = 0x03;
        long sseq = ss + 1;
        for (int i = 0; i < dataSegments; i++) {
            tcp(t + 10_000_000 + i * 10_000L, server, port, client, cport, sseq, base + ch.length, Packets.ACK, data);
            sseq += data.length;
        }
    }

    /** An HTTP request (handshake, request, FIN). */
    public void http(long t, String client, int cport, String server, int port, String host, String path) throws IOException {
        long cs = 30_000, ss = 40_000;
        handshake(t, client, cport, server, port, cs, ss);
        byte[] req = Packets.httpGet(host, path, "Mozilla/5.0 (Linux; Android 14)");
        tcp(t + 3_000_000, client, cport, server, port, cs + 1, ss + 1, Packets.ACK | Packets.PSH, req);
        tcp(t + 30_000_000, client, cport, server, port, cs + 1 + req.length, ss + 1, Packets.ACK | Packets.FIN, new byte[0]);
    }
}
