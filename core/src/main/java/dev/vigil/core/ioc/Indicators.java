package dev.vigil.core.ioc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, compiled set of indicators, built once from any number of sources and
 * queried with typed questions. Every query takes time independent of the number of
 * indicators: exact values sit in hash maps, domains are found by walking the labels of a
 * host from the right (one pass, no string created unless something matches), file paths by
 * walking their path boundaries.
 *
 * <p>Queries never throw on odd input: a value that cannot be parsed simply does not match.
 * When several indicators share a value, the one loaded first answers.
 */
public final class Indicators {
    private static final Indicators EMPTY = new Indicators(List.of(), AllowList.none());
    private static final String WWW = "www.";

    private final List<IocSource> sources;
    private final AllowList allowList;
    private final Map<IndicatorType, Map<String, Indicator>> exact = new EnumMap<>(IndicatorType.class);
    /** Process indicators by their first 15 and 16 characters (iOS truncates long names). */
    private final Map<String, Indicator> processPrefixes = new HashMap<>();
    /**
     * What a host name stands for: a domain indicator, and/or the host of a "host/path"
     * domain indicator; with the notes used when it matches as a parent domain (built once
     * here so that a match allocates as little as possible).
     */
    private record HostHit(Indicator domain, String subdomainNote, Indicator pathHost, String pathHostNote, String pathSubNote) {}

    /** Domain indicators and hosts of "host/path" domain indicators, in one table: one lookup per label. */
    private final HostTable<HostHit> hosts;
    /** "host/path" domain indicators by their normalised text. */
    private final Map<String, Indicator> hostPaths = new HashMap<>();
    /** Hosts of URL indicators: a URL is only normalised when its host is one of them. */
    private final HostTable<Indicator> urlHosts;
    private final Ipv4Table ipv4;
    private final Map<String, Indicator> ipv6 = new HashMap<>();
    private final int size;
    /** Lengths of the file path indicators: a path prefix of another length cannot match, so it is not looked up. */
    private final java.util.BitSet filePathLengths = new java.util.BitSet();

    private Indicators(List<IocSource> sources, AllowList allowList) {
        this.sources = List.copyOf(sources);
        this.allowList = allowList == null ? AllowList.none() : allowList;
        Map<String, Indicator> domainMap = new LinkedHashMap<>();
        Map<String, Indicator> pathHostMap = new LinkedHashMap<>();
        Map<String, Indicator> urlHostMap = new LinkedHashMap<>();
        Map<Long, Indicator> v4 = new LinkedHashMap<>();
        int n = 0;
        for (IocSource s : sources) {
            for (Indicator i : s.indicators()) {
                String key = Normalize.key(i.type(), i.value());
                if (key == null || key.isEmpty()) continue;
                n++;
                switch (i.type()) {
                    case DOMAIN, IPV4, IPV6 -> {
                        int slash = key.indexOf('/');
                        if (i.type() == IndicatorType.DOMAIN && slash > 0) {
                            hostPaths.putIfAbsent(key, i);
                            pathHostMap.putIfAbsent(key.substring(0, slash), i);
                        } else if (key.indexOf(':') >= 0) {
                            ipv6.putIfAbsent(key, i);
                        } else if (Normalize.isDottedQuad(key)) {
                            v4.putIfAbsent(Normalize.dottedQuad(key), i);
                        } else if (i.type() == IndicatorType.DOMAIN) {
                            domainMap.putIfAbsent(key, i);
                        }
                    }
                    case URL -> {
                        exact.computeIfAbsent(i.type(), t -> new HashMap<>()).putIfAbsent(key, i);
                        Normalize.ParsedUrl u = Normalize.parseUrl(key);
                        if (u != null) urlHostMap.putIfAbsent(u.host(), i);
                    }
                    default -> {
                        exact.computeIfAbsent(i.type(), t -> new HashMap<>()).putIfAbsent(key, i);
                        if (i.type() == IndicatorType.PROCESS && key.length() > 15) {
                            processPrefixes.putIfAbsent(key.substring(0, 15), i);
                            if (key.length() > 16) processPrefixes.putIfAbsent(key.substring(0, 16), i);
                        }
                    }
                }
            }
        }
        this.size = n;
        Map<String, Indicator> fp = exact.get(IndicatorType.FILE_PATH);
        if (fp != null) fp.keySet().forEach(k -> filePathLengths.set(k.length()));
        Map<String, HostHit> hostMap = new LinkedHashMap<>();
        domainMap.forEach((k, d) -> hostMap.put(k, new HostHit(d, "subdomain of " + d.value(), null, null, null)));
        pathHostMap.forEach((k, p) -> hostMap.merge(k, new HostHit(null, null, p, "host of " + p.value(), "subdomain of the host of " + p.value()),
                (a, b) -> new HostHit(a.domain(), a.subdomainNote(), b.pathHost(), b.pathHostNote(), b.pathSubNote())));
        this.hosts = new HostTable<>(hostMap.size());
        hostMap.forEach(hosts::putIfAbsent);
        this.urlHosts = new HostTable<>(urlHostMap.size());
        urlHostMap.forEach(urlHosts::putIfAbsent);
        this.ipv4 = new Ipv4Table(v4);
    }

    public static Indicators empty() {
        return EMPTY;
    }

    public static Indicators of(Collection<IocSource> sources) {
        return new Indicators(List.copyOf(sources), AllowList.none());
    }

    public static Indicators of(Collection<IocSource> sources, AllowList allowList) {
        return new Indicators(List.copyOf(sources), allowList);
    }

    /** A set made of the given indicators, for tests and small tools. */
    public static Indicators of(Indicator... indicators) {
        return of(List.of(new IocSource("(inline)", "", "inline", List.of(indicators), List.of())));
    }

    public List<IocSource> sources() {
        return sources;
    }

    /** Number of indicators loaded (duplicates across sources counted once per source). */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    // ---------------------------------------------------------------- network

    /**
     * A host name, bare domain or IP literal (a port, userinfo, brackets and a trailing dot
     * are tolerated). Matches a domain indicator equal to the host or to one of its parent
     * domains, and IP indicators for IP literals (also in the numeric forms browsers accept,
     * e.g. {@code 0xb0df6f83}).
     */
    public Optional<Match> domain(String host) {
        if (host == null) return Optional.empty();
        int s = 0, e = host.length();
        while (s < e && host.charAt(s) <= ' ') s++;
        while (e > s && host.charAt(e - 1) <= ' ') e--;
        for (int i = e - 1; i >= s; i--) if (host.charAt(i) == '@') { s = i + 1; break; }
        return authority(host, s, e, -1, -1, -1);
    }

    /**
     * A URL, with or without scheme. An exact (normalised) URL indicator matches first; then
     * "host/path" domain indicators (some sets publish those as domains) at path boundaries;
     * then the host as by {@link #domain(String)}.
     */
    public Optional<Match> url(String url) {
        if (url == null) return Optional.empty();
        int s = 0, e = url.length();
        while (s < e && url.charAt(s) <= ' ') s++;
        while (e > s && url.charAt(e - 1) <= ' ') e--;
        if (s >= e) return Optional.empty();
        int a = Normalize.authorityStart(url, s, e);
        // One forward pass over the authority: userinfo ends at the last '@', the host at the
        // first ':' after it (port); anything that is not a host character is noted.
        int authEnd = a, at = -1, colon = -1;
        boolean odd = false, slow = false;
        for (; authEnd < e; authEnd++) {
            char c = url.charAt(authEnd);
            if (c >= 'a' && c <= 'z' || c == '.' || c >= '0' && c <= '9' || c == '-' || c >= 'A' && c <= 'Z' || c == '_') continue;
            if (c == '/' || c == '?' || c == '#' || c == '\\') break;
            if (c == '@') { at = authEnd; colon = -1; odd = false; slow = false; }
            else if (c == ':') { if (colon < 0) colon = authEnd; else odd = true; }
            else if (colon < 0) { if (c >= 0x80 || c == '%') slow = true; else odd = true; }
        }
        int hs = at >= 0 ? at + 1 : a;
        if (odd || slow) return authority(url, hs, authEnd, s, authEnd, e); // IPv6, IDN, escapes, junk
        int he = colon >= 0 ? colon : authEnd;
        while (he > hs && url.charAt(he - 1) == '.') he--;
        if (hs >= he) return Optional.empty();
        return host(url, hs, he, url, s, authEnd, e);
    }

    /**
     * Matches the host in {@code s[a,authEnd)} (host, optional port), with the rest of a URL
     * in {@code s[restStart,restEnd)} when there is one (restStart = -1 for a bare host); the
     * whole URL is {@code s[urlStart,restEnd)}.
     */
    private Optional<Match> authority(String s, int a, int authEnd, int urlStart, int restStart, int restEnd) {
        if (a >= authEnd) return Optional.empty();
        int hs = a, he = authEnd;
        if (s.charAt(a) == '[') {
            int close = s.indexOf(']', a);
            if (close < 0 || close >= authEnd) return Optional.empty();
            return ipv6(s.substring(a + 1, close));
        }
        // One pass: the host runs to the first ':' (port); two colons make a bare IPv6 literal.
        boolean slow = false, bad = false;
        int colon = -1;
        for (int i = a; i < authEnd; i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c == '.' || c >= '0' && c <= '9' || c == '-' || c >= 'A' && c <= 'Z' || c == '_') continue;
            if (c == ':') {
                if (colon >= 0) return restStart < 0 ? ipv6(s.substring(a, authEnd)) : Optional.empty();
                colon = i;
                he = i;
            } else if (colon < 0) {
                if (c >= 0x80 || c == '%') slow = true;
                else bad = true;
            }
        }
        if (bad) return Optional.empty(); // not a host name
        while (he > hs && s.charAt(he - 1) == '.') he--;
        if (hs >= he) return Optional.empty();
        if (slow) {
            String h = Normalize.host(s.substring(hs, he));
            if (h == null) return Optional.empty();
            if (h.indexOf(':') >= 0) return ipv6(h);
            return host(h, 0, h.length(), restStart < 0 ? null : s, urlStart, restStart, restEnd);
        }
        return host(s, hs, he, restStart < 0 ? null : s, urlStart, restStart, restEnd);
    }

    /**
     * The core of domain and URL matching, allocation-free unless something matches: the host
     * is {@code s[hs,he)}; for a URL, {@code url[us,re)} is the whole URL and {@code url[rs,re)}
     * what follows its authority (url is null for a bare host).
     */
    private Optional<Match> host(String s, int hs, int he, String url, int us, int rs, int re) {
        String rest = url;
        char last = s.charAt(he - 1);
        if (last >= '0' && last <= '9' || (last | 0x20) >= 'a' && (last | 0x20) <= 'f') {
            long v4 = Normalize.ipv4(s, hs, he);
            if (v4 >= 0) {
                if (url != null && urlHosts.size() > 0) {
                    Optional<Match> u = urlExact(url, us, re);
                    if (u.isPresent()) return u;
                }
                Indicator i = ipv4.get(v4);
                return i == null ? Optional.empty() : allowed(new Match(i, Normalize.ipv4Text(v4), null));
            }
            if (v4 == -2) return Optional.empty();
        }
        boolean urls = urlHosts.size() > 0;
        HostHit best = null, bestPathHost = null;
        Indicator urlHost = null;
        int bestStart = -1, pathHostStart = -1;
        int h = 0;
        boolean dot = false;
        boolean twoLabels = false;
        for (int i = he - 1; i >= hs; i--) {
            char c = s.charAt(i);
            h = h * 31 + (c >= 'A' && c <= 'Z' ? c + 32 : c); // HostTable.step, inlined
            if (c == '.') { dot = true; continue; }
            if (i != hs && s.charAt(i - 1) != '.') continue;
            // Single-label indicators ("com", "local") only ever match a whole host.
            if (!dot && i != hs) continue;
            if (dot && !twoLabels) {
                twoLabels = true;
                // No indicator ends with these two labels: neither this suffix, nor any longer
                // one, nor "www." + host can be an indicator. Most hosts stop here.
                if (!urls && !hosts.mayHaveSuffix(h)) return Optional.empty();
            }
            HostHit x = hosts.get(h, s, i, he);
            if (x != null) {
                if (x.domain() != null) { best = x; bestStart = i; }
                if (x.pathHost() != null) { bestPathHost = x; pathHostStart = i; }
            }
            if (i == hs && urls) urlHost = urlHosts.get(h, s, i, he);
        }
        if (urlHost != null && url != null) {
            Optional<Match> u = urlExact(url, us, re);
            if (u.isPresent()) return u;
        }
        if (bestPathHost != null && url != null && pathHostStart == hs) {
            // "host/path" indicators: walk the path boundaries host/a/b/c, host/a/b, host/a.
            String hostPath = s.substring(hs, he).toLowerCase(Locale.ROOT) + pathOnly(url.substring(rs, re));
            int end = hostPath.length(), hl = he - hs;
            while (end > hl) {
                Indicator i = hostPaths.get(hostPath.substring(0, end));
                if (i != null) return allowed(new Match(i, hostPath, end == hostPath.length() ? null : "inside " + i.value()));
                end = hostPath.lastIndexOf('/', end - 1);
            }
        }
        if (best != null) {
            String host = s.substring(hs, he).toLowerCase(Locale.ROOT);
            boolean www = bestStart == hs + WWW.length() && host.startsWith(WWW);
            return allowed(new Match(best.domain(), host, bestStart == hs || www ? null : best.subdomainNote()));
        }
        if (!(he - hs > WWW.length() && s.regionMatches(true, hs, WWW, 0, WWW.length()))) {
            // "www.evil.com" published, "evil.com" visited: the same site.
            int hw = h;
            for (int k = WWW.length() - 1; k >= 0; k--) hw = HostTable.step(hw, WWW.charAt(k));
            HostHit d = hosts.get(hw, WWW, s, hs, he);
            if (d != null && d.domain() != null) {
                return allowed(new Match(d.domain(), s.substring(hs, he).toLowerCase(Locale.ROOT), "same site as " + d.domain().value()));
            }
        }
        if (bestPathHost != null) {
            String host = s.substring(hs, he).toLowerCase(Locale.ROOT);
            return allowed(new Match(bestPathHost.pathHost(), host, pathHostStart == hs ? bestPathHost.pathHostNote() : bestPathHost.pathSubNote()));
        }
        return Optional.empty();
    }

    private Optional<Match> urlExact(String url, int us, int re) {
        Normalize.ParsedUrl u = Normalize.parseUrl(url.substring(us, re));
        Map<String, Indicator> m = exact.get(IndicatorType.URL);
        Indicator i = u == null || m == null ? null : m.get(u.normalised());
        return i == null ? Optional.empty() : allowed(new Match(i, u.normalised(), null));
    }

    private static String pathOnly(String rest) {
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '?' || c == '#') { end = i; break; }
        }
        return rest.substring(0, end).replace('\\', '/');
    }

    /** Every URL or bare domain found inside free text (an SMS body, a note) that matches. */
    public List<Match> urlsInText(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<Match> out = null;
        for (String candidate : UrlExtractor.extract(text)) {
            Optional<Match> m = url(candidate);
            if (m.isEmpty()) continue;
            if (out == null) out = new ArrayList<>(1);
            Match found = m.get();
            if (out.stream().noneMatch(o -> o.indicator().equals(found.indicator()))) out.add(found);
        }
        return out == null ? List.of() : out;
    }

    /**
     * An IPv4 or IPv6 address (IPv6 compared in canonical form, IPv4-mapped IPv6 as IPv4).
     * A port ({@code 1.2.3.4:443}, {@code [::1]:443}) is tolerated.
     */
    public Optional<Match> ip(String address) {
        if (address == null) return Optional.empty();
        String a = address.strip();
        if (a.isEmpty()) return Optional.empty();
        if (a.charAt(0) == '[') {
            int close = a.indexOf(']');
            return close < 0 ? Optional.empty() : ipv6(a.substring(1, close));
        }
        int colon = a.indexOf(':');
        if (colon >= 0 && a.indexOf(':', colon + 1) >= 0) return ipv6(a);
        int end = colon >= 0 ? colon : a.length();
        long v = Normalize.dottedQuad(a.substring(0, end));
        if (v < 0) return Optional.empty();
        Indicator i = ipv4.get(v);
        return i == null ? Optional.empty() : allowed(new Match(i, Normalize.ipv4Text(v), null));
    }

    private Optional<Match> ipv6(String literal) {
        String c = Normalize.ipv6(literal);
        if (c == null) return Optional.empty();
        if (c.indexOf(':') < 0) { // IPv4-mapped
            long v = Normalize.dottedQuad(c);
            Indicator i = ipv4.get(v);
            return i == null ? Optional.empty() : allowed(new Match(i, c, null));
        }
        Indicator i = ipv6.get(c);
        return i == null ? Optional.empty() : allowed(new Match(i, c, null));
    }

    public Optional<Match> email(String email) {
        return simple(IndicatorType.EMAIL, email);
    }

    // ---------------------------------------------------------------- processes and files

    /**
     * A process name. Exact match first; then, since iOS truncates process names to 15 or
     * 16 characters in several logs, a name of that length that is the prefix of a longer
     * indicator matches with the note "truncated process name".
     */
    public Optional<Match> process(String name) {
        if (name == null) return Optional.empty();
        String n = name.strip();
        Optional<Match> m = simple(IndicatorType.PROCESS, n);
        if (m.isPresent()) return m;
        if (n.length() == 15 || n.length() == 16) {
            Indicator i = processPrefixes.get(n);
            if (i != null) return allowed(new Match(i, n, "truncated process name (prefix of " + i.value() + ")"));
        }
        return Optional.empty();
    }

    /**
     * A full file path (a relative evidence path is read from the device root). A path
     * indicator matches when it equals the path or is one of its ancestors at a path boundary
     * ({@code /var/foo} matches {@code /var/foo/bar}, never {@code /var/foobar}); indicators
     * ending in "/" are directories. iOS aliases /var, /tmp and /etc are the same as their
     * /private forms. The file name of the path is also checked against file-name indicators.
     */
    public Optional<Match> filePath(String path) {
        if (path == null || path.isBlank()) return Optional.empty();
        Map<String, Indicator> paths = exact.get(IndicatorType.FILE_PATH);
        if (paths != null) {
            String p = Normalize.path(path);
            if (p != null) {
                int end = p.length();
                while (end > 0) {
                    if (filePathLengths.get(end)) {
                        Indicator i = paths.get(end == p.length() ? p : p.substring(0, end));
                        if (i != null) return allowed(new Match(i, p, end == p.length() ? null : "inside " + i.value()));
                    }
                    end = p.lastIndexOf('/', end - 1);
                }
            }
        }
        if (!exact.containsKey(IndicatorType.FILE_NAME)) return Optional.empty();
        String p = path.strip();
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        int slash = p.lastIndexOf('/');
        return fileName(slash >= 0 ? p.substring(slash + 1) : p);
    }

    public Optional<Match> fileName(String name) {
        return simple(IndicatorType.FILE_NAME, name);
    }

    /** A file hash: MD5, SHA-1 or SHA-256 by its length, hex, any case. */
    public Optional<Match> hash(String hex) {
        if (hex == null) return Optional.empty();
        return switch (hex.strip().length()) {
            case 32 -> simple(IndicatorType.FILE_MD5, hex);
            case 40 -> simple(IndicatorType.FILE_SHA1, hex);
            case 64 -> simple(IndicatorType.FILE_SHA256, hex);
            default -> Optional.empty();
        };
    }

    // ---------------------------------------------------------------- apps and devices

    /** An app id (Android package name or iOS bundle id). */
    public Optional<Match> appId(String id) {
        return simple(IndicatorType.APP_ID, id);
    }

    /** A signing certificate hash: MD5, SHA-1 or SHA-256 by length, hex, colons allowed. */
    public Optional<Match> certHash(String hex) {
        if (hex == null) return Optional.empty();
        String h = hex.replace(":", "").strip();
        return switch (h.length()) {
            case 32 -> simple(IndicatorType.CERT_MD5, h);
            case 40 -> simple(IndicatorType.CERT_SHA1, h);
            case 64 -> simple(IndicatorType.CERT_SHA256, h);
            default -> Optional.empty();
        };
    }

    public Optional<Match> profileId(String uuid) {
        return simple(IndicatorType.PROFILE_ID, uuid);
    }

    public Optional<Match> property(String name) {
        return simple(IndicatorType.ANDROID_PROPERTY, name);
    }

    private Optional<Match> simple(IndicatorType type, String value) {
        if (value == null) return Optional.empty();
        Map<String, Indicator> m = exact.get(type);
        if (m == null) return Optional.empty();
        String key = Normalize.key(type, value);
        if (key == null) return Optional.empty();
        Indicator i = m.get(key);
        return i == null ? Optional.empty() : allowed(new Match(i, value.strip(), null));
    }

    private Optional<Match> allowed(Match m) {
        return allowList.permits(m) ? Optional.of(m) : Optional.empty();
    }

    /** IPv4 address (as a non-negative long) to indicator, open addressing, no boxing on lookup. */
    private static final class Ipv4Table {
        private final long[] keys;
        private final Indicator[] values;
        private final int mask;

        Ipv4Table(Map<Long, Indicator> m) {
            int cap = Integer.highestOneBit(Math.max(4, m.size() * 2 + 1)) << 1;
            mask = cap - 1;
            keys = new long[cap];
            Arrays.fill(keys, -1);
            values = new Indicator[cap];
            m.forEach((k, v) -> {
                int i = slot(k) & mask;
                while (keys[i] != -1) i = (i + 1) & mask;
                keys[i] = k;
                values[i] = v;
            });
        }

        private static int slot(long k) {
            int x = (int) k * 0x9E3779B9;
            return x ^ (x >>> 16);
        }

        Indicator get(long k) {
            int i = slot(k) & mask;
            long c;
            while ((c = keys[i]) != -1) {
                if (c == k) return values[i];
                i = (i + 1) & mask;
            }
            return null;
        }
    }
}
