package dev.vigil.samples.network;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builders of real packets, byte by byte, written for Vigil's samples independently of its
 * readers: Ethernet II (with 802.1Q / 802.1ad tags), Linux cooked capture v1 (SLL) and v2
 * (SLL2), IPv4 (RFC 791, with header checksum and optional fragmentation flags), IPv6
 * (RFC 8200, optional hop-by-hop and destination-options extension headers), UDP (RFC 768)
 * and TCP (RFC 9293) with correct checksums over the pseudo-header; DNS messages (RFC 1035,
 * answers use name compression), TLS 1.3 ClientHello (RFC 8446) with server_name (RFC 6066),
 * ALPN (RFC 7301) and supported_versions, and HTTP/1.1 requests.
 */
public final class Packets {
    private Packets() {}

    public static final int ETH_IPV4 = 0x0800, ETH_IPV6 = 0x86DD;

    public static byte[] ip(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // literals only: never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    // ------------------------------------------------------------------ link layers

    /** Ethernet II frame; vlanTpids/vlanIds give 802.1ad/802.1Q tags from outer to inner. */
    public static byte[] ethernet(int etherType, byte[] payload, int[] vlanTpids, int[] vlanIds) {
        Buf b = new Buf();
        b.bytes(new byte[] {0x02, 0x00, 0x00, 0x00, 0x00, 0x01}); // destination (locally administered)
        b.bytes(new byte[] {0x02, 0x00, 0x00, 0x00, 0x00, 0x02}); // source
        if (vlanTpids != null) {
            for (int i = 0; i < vlanTpids.length; i++) {
                b.u16(vlanTpids[i]);
                b.u16(vlanIds[i] & 0x0fff);
            }
        }
        b.u16(etherType);
        b.bytes(payload);
        return b.toArray();
    }

    public static byte[] ethernet(int etherType, byte[] payload) {
        return ethernet(etherType, payload, null, null);
    }

    /** Linux cooked capture v1: 16-byte header (packet type, ARPHRD_ETHER, address). */
    public static byte[] sll(int etherType, byte[] payload) {
        Buf b = new Buf();
        b.u16(4); // sent by us
        b.u16(1); // ARPHRD_ETHER
        b.u16(6);
        b.bytes(new byte[] {0x02, 0, 0, 0, 0, 0x02, 0, 0});
        b.u16(etherType);
        b.bytes(payload);
        return b.toArray();
    }

    /** Linux cooked capture v2: 20-byte header (protocol first, interface index). */
    public static byte[] sll2(int etherType, byte[] payload) {
        Buf b = new Buf();
        b.u16(etherType);
        b.u16(0);
        b.u32(3); // interface index
        b.u16(1); // ARPHRD_ETHER
        b.u8(4); // outgoing
        b.u8(6);
        b.bytes(new byte[] {0x02, 0, 0, 0, 0, 0x02, 0, 0});
        b.bytes(payload);
        return b.toArray();
    }

    // ------------------------------------------------------------------ IP

    public static byte[] ipv4(String src, String dst, int proto, byte[] payload) {
        return ipv4(src, dst, proto, payload, 0x4000, 1);
    }

    /** IPv4 with the given flags/fragment-offset word (0x4000 = don't fragment; 0x2000 = more fragments). */
    public static byte[] ipv4(String src, String dst, int proto, byte[] payload, int flagsFrag, int id) {
        byte[] s = ip(src), d = ip(dst);
        Buf b = new Buf();
        b.u8(0x45);
        b.u8(0);
        b.u16(20 + payload.length);
        b.u16(id);
        b.u16(flagsFrag);
        b.u8(64);
        b.u8(proto);
        b.u16(0);
        b.bytes(s);
        b.bytes(d);
        byte[] h = b.toArray();
        int sum = checksum(h, 0, 20, 0);
        h[10] = (byte) (sum >> 8);
        h[11] = (byte) sum;
        Buf all = new Buf();
        all.bytes(h);
        all.bytes(payload);
        return all.toArray();
    }

    /** IPv6; with extension headers = true a hop-by-hop and a destination-options header come first. */
    public static byte[] ipv6(String src, String dst, int proto, byte[] payload, boolean extensionHeaders) {
        Buf ext = new Buf();
        int next = proto;
        if (extensionHeaders) {
            // hop-by-hop (next: destination options), 8 bytes with PadN
            ext.u8(60);
            ext.u8(0);
            ext.bytes(new byte[] {1, 4, 0, 0, 0, 0});
            // destination options (next: the transport), 8 bytes with PadN
            ext.u8(proto);
            ext.u8(0);
            ext.bytes(new byte[] {1, 4, 0, 0, 0, 0});
            next = 0;
        }
        byte[] e = ext.toArray();
        Buf b = new Buf();
        b.u32(0x60000000);
        b.u16(e.length + payload.length);
        b.u8(next);
        b.u8(64);
        b.bytes(ip(src));
        b.bytes(ip(dst));
        b.bytes(e);
        b.bytes(payload);
        return b.toArray();
    }

    // ------------------------------------------------------------------ transport

    public static byte[] udp(String src, String dst, int sp, int dp, byte[] payload) {
        Buf b = new Buf();
        b.u16(sp);
        b.u16(dp);
        b.u16(8 + payload.length);
        b.u16(0);
        b.bytes(payload);
        byte[] seg = b.toArray();
        int sum = transportChecksum(src, dst, 17, seg);
        if (sum == 0) sum = 0xffff;
        seg[6] = (byte) (sum >> 8);
        seg[7] = (byte) sum;
        return seg;
    }

    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    public static byte[] tcp(String src, String dst, int sp, int dp, long seq, long ack, int flags, byte[] payload) {
        Buf b = new Buf();
        b.u16(sp);
        b.u16(dp);
        b.u32((int) seq);
        b.u32((int) ack);
        b.u8(5 << 4);
        b.u8(flags);
        b.u16(65535);
        b.u16(0);
        b.u16(0);
        b.bytes(payload);
        byte[] seg = b.toArray();
        int sum = transportChecksum(src, dst, 6, seg);
        seg[16] = (byte) (sum >> 8);
        seg[17] = (byte) sum;
        return seg;
    }

    static int transportChecksum(String src, String dst, int proto, byte[] seg) {
        byte[] s = ip(src), d = ip(dst);
        Buf pseudo = new Buf();
        pseudo.bytes(s);
        pseudo.bytes(d);
        if (s.length == 4) {
            pseudo.u8(0);
            pseudo.u8(proto);
            pseudo.u16(seg.length);
        } else {
            pseudo.u32(seg.length);
            pseudo.bytes(new byte[] {0, 0, 0});
            pseudo.u8(proto);
        }
        byte[] p = pseudo.toArray();
        int partial = sum16(p, 0, p.length, 0);
        return checksum(seg, 0, seg.length, partial);
    }

    private static int sum16(byte[] b, int off, int len, int start) {
        long sum = start;
        for (int i = off; i < off + len; i += 2) {
            int hi = b[i] & 0xff;
            int lo = i + 1 < off + len ? b[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) sum;
    }

    static int checksum(byte[] b, int off, int len, int start) {
        return ~sum16(b, off, len, start) & 0xffff;
    }

    // ------------------------------------------------------------------ applications

    public static byte[] dnsQuery(int id, String name, int qtype) {
        Buf b = new Buf();
        b.u16(id);
        b.u16(0x0100); // RD
        b.u16(1);
        b.u16(0);
        b.u16(0);
        b.u16(0);
        name(b, name);
        b.u16(qtype);
        b.u16(1);
        return b.toArray();
    }

    /** A DNS answer; each answer is "A 1.2.3.4", "AAAA 2001:db8::1" or "CNAME other.name" and owned by the query name. */
    public static byte[] dnsResponse(int id, String name, int qtype, List<String> answers) {
        Buf b = new Buf();
        b.u16(id);
        b.u16(0x8180); // QR, RD, RA
        b.u16(1);
        b.u16(answers.size());
        b.u16(0);
        b.u16(0);
        name(b, name);
        b.u16(qtype);
        b.u16(1);
        for (String a : answers) {
            String[] p = a.split(" ", 2);
            b.u16(0xc00c); // compressed: the question's name at offset 12
            switch (p[0]) {
                case "A" -> {
                    b.u16(1);
                    b.u16(1);
                    b.u32(300);
                    b.u16(4);
                    b.bytes(ip(p[1]));
                }
                case "AAAA" -> {
                    b.u16(28);
                    b.u16(1);
                    b.u32(300);
                    b.u16(16);
                    b.bytes(ip(p[1]));
                }
                case "CNAME" -> {
                    Buf n = new Buf();
                    name(n, p[1]);
                    byte[] nb = n.toArray();
                    b.u16(5);
                    b.u16(1);
                    b.u32(300);
                    b.u16(nb.length);
                    b.bytes(nb);
                }
                default -> throw new IllegalArgumentException(a);
            }
        }
        return b.toArray();
    }

    private static void name(Buf b, String name) {
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b.u8(l.length);
            b.bytes(l);
        }
        b.u8(0);
    }

    /** A TLS 1.3 ClientHello in one TLS record: record header, handshake header, body. */
    public static byte[] clientHello(String sni, String alpn) {
        Buf ext = new Buf();
        if (sni != null) {
            byte[] n = sni.getBytes(StandardCharsets.US_ASCII);
            ext.u16(0);
            ext.u16(n.length + 5);
            ext.u16(n.length + 3);
            ext.u8(0);
            ext.u16(n.length);
            ext.bytes(n);
        }
        if (alpn != null) {
            byte[] a = alpn.getBytes(StandardCharsets.US_ASCII);
            ext.u16(16);
            ext.u16(a.length + 3);
            ext.u16(a.length + 1);
            ext.u8(a.length);
            ext.bytes(a);
        }
        ext.u16(43); // supported_versions: TLS 1.3, 1.2
        ext.u16(5);
        ext.u8(4);
        ext.u16(0x0304);
        ext.u16(0x0303);
        byte[] e = ext.toArray();
        Buf body = new Buf();
        body.u16(0x0303);
        body.bytes(new byte[32]); // random
        body.u8(32);
        body.bytes(new byte[32]); // legacy session id
        body.u16(6);
        body.u16(0x1301);
        body.u16(0x1302);
        body.u16(0x1303);
        body.u8(1);
        body.u8(0);
        body.u16(e.length);
        body.bytes(e);
        byte[] bd = body.toArray();
        Buf hs = new Buf();
        hs.u8(1);
        hs.u8(bd.length >> 16);
        hs.u16(bd.length & 0xffff);
        hs.bytes(bd);
        byte[] h = hs.toArray();
        Buf rec = new Buf();
        rec.u8(0x16);
        rec.u16(0x0301);
        rec.u16(h.length);
        rec.bytes(h);
        return rec.toArray();
    }

    public static byte[] httpGet(String host, String path, String userAgent) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + userAgent + "\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Growable big-endian byte buffer. */
    static final class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u8(int v) {
            out.write(v);
        }

        void u16(int v) {
            out.write(v >> 8);
            out.write(v);
        }

        void u32(int v) {
            u16(v >>> 16);
            u16(v & 0xffff);
        }

        void bytes(byte[] b) {
            out.writeBytes(b);
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
