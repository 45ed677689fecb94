package dev.vigil.network.capture;

import java.nio.charset.StandardCharsets;

/**
 * The parts of a TLS ClientHello handshake message (RFC 8446 section 4.1.2, RFC 6066
 * section 3 for server_name, RFC 7301 for ALPN) that name the server. Works on the
 * handshake message after the record layer has been removed; every length is checked
 * against the bytes present.
 */
public record ClientHello(String sni, String version, String alpn) {
    /** Parses a handshake message starting with its 4-byte header; null when malformed. */
    public static ClientHello parse(byte[] b, int off, int len) {
        int end = off + len;
        if (len < 4 || b[off] != 1) return null;
        int hl = ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        if (hl > len - 4) return null;
        end = off + 4 + hl;
        int p = off + 4;
        if (p + 2 + 32 + 1 > end) return null;
        int legacy = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
        p += 34;
        int sid = b[p] & 0xff;
        p += 1 + sid;
        if (p + 2 > end) return null;
        int cs = u16(b, p);
        p += 2 + cs;
        if (p + 1 > end) return null;
        int comp = b[p] & 0xff;
        p += 1 + comp;
        String sni = null, alpn = null;
        String version = versionName(legacy);
        if (p + 2 <= end) {
            int extLen = u16(b, p);
            p += 2;
            int extEnd = Math.min(end, p + extLen);
            while (p + 4 <= extEnd) {
                int type = u16(b, p);
                int l = u16(b, p + 2);
                int v = p + 4;
                if (v + l > extEnd) break;
                if (type == 0 && l >= 5) { // server_name
                    int q = v + 2;
                    int listEnd = Math.min(v + l, v + 2 + u16(b, v));
                    while (q + 3 <= listEnd && sni == null) {
                        int nt = b[q] & 0xff;
                        int nl = u16(b, q + 1);
                        if (q + 3 + nl > listEnd) break;
                        if (nt == 0 && nl > 0 && nl <= 255) sni = ascii(b, q + 3, nl);
                        q += 3 + nl;
                    }
                } else if (type == 16 && l >= 3) { // ALPN: first protocol offered
                    int pl = b[v + 2] & 0xff;
                    if (pl > 0 && v + 3 + pl <= v + l) alpn = ascii(b, v + 3, pl);
                } else if (type == 43 && l >= 3) { // supported_versions: the highest offered
                    int vl = b[v] & 0xff;
                    int best = 0;
                    for (int q = v + 1; q + 1 < v + 1 + vl && q + 1 < v + l; q += 2) {
                        int ver = u16(b, q);
                        if ((ver & 0x0f0f) != 0x0a0a && ver > best) best = ver; // skip GREASE values
                    }
                    if (best != 0) version = versionName(best);
                }
                p = v + l;
            }
        }
        return new ClientHello(sni, version, alpn);
    }

    private static String ascii(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            sb.append(c > 0x20 && c < 0x7f ? (char) c : '?');
        }
        return sb.toString();
    }

    static String versionName(int v) {
        return switch (v) {
            case 0x0300 -> "SSLv3";
            case 0x0301 -> "TLSv1.0";
            case 0x0302 -> "TLSv1.1";
            case 0x0303 -> "TLSv1.2";
            case 0x0304 -> "TLSv1.3";
            default -> "0x" + Integer.toHexString(v);
        };
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    static String utf8(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
