package dev.vigil.network.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * A DNS message (RFC 1035 section 4) as far as Vigil needs it: questions, and the A, AAAA
 * and CNAME answers. Names are decompressed with a bound on pointer jumps (a pointer loop
 * ends the name, it does not hang) and on length (255 bytes).
 */
public record DnsMessage(int id, boolean response, int rcode, List<Question> questions, List<Answer> answers) {
    public record Question(String name, String type) {}

    public record Answer(String name, String type, String value) {}

    static final int MAX_QUESTIONS = 4;
    static final int MAX_ANSWERS = 64;
    static final int MAX_JUMPS = 32;

    /** Parses a message, or returns null when it is not a usable DNS message. */
    public static DnsMessage parse(byte[] b, int off, int len, IpText ips) {
        if (len < 12) return null;
        int end = off + len;
        int id = u16(b, off);
        int flags = u16(b, off + 2);
        boolean response = (flags & 0x8000) != 0;
        int opcode = (flags >> 11) & 0xf;
        if (opcode != 0) return null; // only standard queries
        int qd = u16(b, off + 4);
        int an = u16(b, off + 6);
        if (qd == 0 || qd > MAX_QUESTIONS) return null;
        int[] pos = {off + 12};
        List<Question> qs = new ArrayList<>(1);
        for (int i = 0; i < qd; i++) {
            String name = name(b, off, end, pos);
            if (name == null || pos[0] + 4 > end) return null;
            qs.add(new Question(name, typeName(u16(b, pos[0]))));
            pos[0] += 4;
        }
        List<Answer> as = List.of();
        if (response && an > 0) {
            as = new ArrayList<>(Math.min(an, 8));
            for (int i = 0; i < Math.min(an, MAX_ANSWERS); i++) {
                String name = name(b, off, end, pos);
                if (name == null || pos[0] + 10 > end) break;
                int type = u16(b, pos[0]);
                int rdlen = u16(b, pos[0] + 8);
                int rd = pos[0] + 10;
                if (rd + rdlen > end) break;
                if (type == 1 && rdlen == 4) {
                    as.add(new Answer(name, "A", ips.v4(b, rd)));
                } else if (type == 28 && rdlen == 16) {
                    as.add(new Answer(name, "AAAA", ips.v6(b, rd)));
                } else if (type == 5) {
                    int[] p2 = {rd};
                    String target = name(b, off, end, p2);
                    if (target != null) as.add(new Answer(name, "CNAME", target));
                }
                pos[0] = rd + rdlen;
            }
        }
        return new DnsMessage(id, response, flags & 0xf, qs, as);
    }

    /** Reads a possibly compressed name at pos[0], advancing pos[0] past it. Null when malformed. */
    static String name(byte[] b, int msg, int end, int[] pos) {
        StringBuilder sb = new StringBuilder(32);
        int p = pos[0];
        int jumps = 0;
        int after = -1;
        while (true) {
            if (p >= end) return null;
            int l = b[p] & 0xff;
            if (l == 0) {
                p++;
                break;
            }
            if ((l & 0xc0) == 0xc0) {
                if (p + 1 >= end) return null;
                int target = msg + (((l & 0x3f) << 8) | (b[p + 1] & 0xff));
                if (after < 0) after = p + 2;
                if (++jumps > MAX_JUMPS || target >= end) return null;
                p = target;
                continue;
            }
            if ((l & 0xc0) != 0) return null; // extended label types: not used in practice
            if (p + 1 + l > end) return null;
            if (sb.length() > 0) sb.append('.');
            for (int i = p + 1; i <= p + l; i++) {
                int c = b[i] & 0xff;
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c > 0x20 && c < 0x7f && c != '.') sb.append((char) c);
                else sb.append(String.format("\\%03d", c));
            }
            if (sb.length() > 255) return null;
            p += 1 + l;
        }
        pos[0] = after >= 0 ? after : p;
        return sb.length() == 0 ? "." : sb.toString();
    }

    static String typeName(int t) {
        return switch (t) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 33 -> "SRV";
            case 64 -> "SVCB";
            case 65 -> "HTTPS";
            case 255 -> "ANY";
            default -> "TYPE" + t;
        };
    }

    static String rcodeName(int r) {
        return switch (r) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            default -> "RCODE" + r;
        };
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }
}
