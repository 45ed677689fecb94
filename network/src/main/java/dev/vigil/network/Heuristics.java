package dev.vigil.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The small curated lists behind the heuristic alerts (dynamic-DNS zones, rarely used
 * top-level domains), shipped as resources with their sources named in them, and tests on
 * addresses and ports.
 */
public final class Heuristics {
    private static final Set<String> DYNAMIC_DNS = load("dynamic-dns.txt");
    private static final Set<String> RARE_TLDS = load("rare-tlds.txt");

    /** Ports of cleartext HTTP that are common enough not to be remarked (web and proxies). */
    static final Set<Integer> HTTP_PORTS = Set.of(80, 8080, 3128, 8000, 8008, 8888);

    /** Ports at which direct-to-address connections are common (web, mail, push, DNS-over-TLS). */
    static final Set<Integer> COMMON_PORTS = Set.of(80, 443, 8080, 8443, 993, 995, 465, 587, 853, 5223, 5228, 5229, 5230);

    /** Services reached by configured address, not by name: never remarked as "not resolved". */
    static final Set<Integer> ADDRESS_SERVICES = Set.of(53, 67, 68, 123, 137, 138, 1900, 5353, 5355, 3478, 19302);

    private Heuristics() {}

    private static Set<String> load(String name) {
        Set<String> s = new HashSet<>();
        try (InputStream in = Heuristics.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip().toLowerCase(Locale.ROOT);
                if (!t.isEmpty() && !t.startsWith("#")) s.add(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(s);
    }

    static String clean(String host) {
        if (host == null) return null;
        String h = host.strip().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.substring(0, colon);
        return h.isEmpty() ? null : h;
    }

    /** The dynamic-DNS zone a host name is under (not the zone itself), or null. */
    public static String dynamicDnsZone(String host) {
        String h = clean(host);
        if (h == null) return null;
        int dot = h.indexOf('.');
        while (dot >= 0) {
            String zone = h.substring(dot + 1);
            if (DYNAMIC_DNS.contains(zone)) return zone;
            dot = h.indexOf('.', dot + 1);
        }
        return null;
    }

    /** The rarely used top-level domain of a host name, or null. */
    public static String rareTld(String host) {
        String h = clean(host);
        if (h == null || isIpLiteral(h)) return null;
        int dot = h.lastIndexOf('.');
        if (dot < 0) return null;
        String tld = h.substring(dot + 1);
        return RARE_TLDS.contains(tld) ? tld : null;
    }

    static boolean isIpLiteral(String s) {
        if (s == null) return false;
        if (s.indexOf(':') >= 0) return true;
        return s.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    /**
     * True for an address on the public Internet: not private (RFC 1918, RFC 4193), loopback,
     * link-local, carrier-grade NAT, multicast, broadcast or unspecified. False for non-IP text.
     */
    public static boolean isPublicIp(String ip) {
        if (ip == null || ip.isEmpty()) return false;
        if (ip.indexOf(':') >= 0) {
            String s = ip.toLowerCase(Locale.ROOT);
            if (s.equals("::") || s.equals("::1")) return false;
            if (s.startsWith("fe8") || s.startsWith("fe9") || s.startsWith("fea") || s.startsWith("feb")) return false;
            if (s.startsWith("fc") || s.startsWith("fd") || s.startsWith("ff")) return false;
            if (s.startsWith("::ffff:")) return isPublicIp(s.substring(7));
            return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] p = ip.split("\\.");
        if (p.length != 4) return false;
        int[] o = new int[4];
        try {
            for (int i = 0; i < 4; i++) {
                o[i] = Integer.parseInt(p[i]);
                if (o[i] < 0 || o[i] > 255) return false;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        if (o[0] == 0 || o[0] == 10 || o[0] == 127 || o[0] >= 224) return false;
        if (o[0] == 169 && o[1] == 254) return false;
        if (o[0] == 172 && o[1] >= 16 && o[1] <= 31) return false;
        if (o[0] == 192 && o[1] == 168) return false;
        if (o[0] == 100 && o[1] >= 64 && o[1] <= 127) return false;
        return true;
    }
}
