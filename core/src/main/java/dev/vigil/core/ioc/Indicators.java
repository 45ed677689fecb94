package dev.vigil.core.ioc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, compiled set of indicators, built once from any number of sources and
 * queried with typed questions. Every query takes time independent of the number of
 * indicators: exact values sit in hash maps, domains are found by walking the labels of a
 * host from the right, file paths by walking their path boundaries.
 *
 * <p>Queries never throw on odd input: a value that cannot be parsed simply does not match.
 * When several indicators share a value, the one loaded first answers.
 */
public final class Indicators {
    private static final Indicators EMPTY = new Indicators(List.of(), AllowList.none());

    private final List<IocSource> sources;
    private final AllowList allowList;
    private final Map<IndicatorType, Map<String, Indicator>> exact = new HashMap<>();
    /** Process indicators by their first 15 and 16 characters (iOS truncates long names). */
    private final Map<String, Indicator> processPrefixes = new HashMap<>();
    private final int size;

    private Indicators(List<IocSource> sources, AllowList allowList) {
        this.sources = List.copyOf(sources);
        this.allowList = allowList;
        int n = 0;
        for (IocSource s : sources) {
            for (Indicator i : s.indicators()) {
                String key = Normalize.key(i.type(), i.value());
                if (key == null || key.isEmpty()) continue;
                exact.computeIfAbsent(i.type(), t -> new HashMap<>()).putIfAbsent(key, i);
                if (i.type() == IndicatorType.PROCESS && key.length() > 15) {
                    processPrefixes.putIfAbsent(key.substring(0, 15), i);
                    if (key.length() > 16) processPrefixes.putIfAbsent(key.substring(0, 16), i);
                }
                n++;
            }
        }
        this.size = n;
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
     * A host name, bare domain or IP literal. Matches a domain indicator equal to the host
     * or to one of its parent domains, and IP indicators for IP literals.
     */
    public Optional<Match> domain(String host) {
        String h = Normalize.host(host);
        if (h == null) return Optional.empty();
        if (Normalize.isIpLiteral(h)) return ip(h);
        Map<String, Indicator> domains = exact.get(IndicatorType.DOMAIN);
        if (domains == null) return Optional.empty();
        int from = 0;
        while (true) {
            String candidate = from == 0 ? h : h.substring(from);
            Indicator i = domains.get(candidate);
            if (i != null) {
                return allowed(new Match(i, h, from == 0 ? null : "subdomain of " + candidate));
            }
            int dot = h.indexOf('.', from);
            if (dot < 0) return Optional.empty();
            from = dot + 1;
        }
    }

    /**
     * A URL, with or without scheme. An exact (normalised) URL indicator matches first; then
     * the host is checked as by {@link #domain(String)}; then "host/path" domain indicators
     * (some sets publish those as domains) are checked against the URL's host and path.
     */
    public Optional<Match> url(String url) {
        Normalize.ParsedUrl u = Normalize.parseUrl(url);
        if (u == null) return Optional.empty();
        Map<String, Indicator> urls = exact.get(IndicatorType.URL);
        if (urls != null) {
            Indicator i = urls.get(u.normalised());
            if (i != null) return allowed(new Match(i, u.normalised(), null));
        }
        Optional<Match> m = domain(u.host());
        if (m.isPresent()) return m;
        Map<String, Indicator> domains = exact.get(IndicatorType.DOMAIN);
        if (domains != null && !u.path().isEmpty() && !"/".equals(u.path())) {
            String hostPath = u.host() + u.path();
            // Walk path boundaries: host/a/b/c, host/a/b, host/a
            int end = hostPath.length();
            while (end > u.host().length()) {
                Indicator i = domains.get(hostPath.substring(0, end));
                if (i != null) return allowed(new Match(i, hostPath, null));
                end = hostPath.lastIndexOf('/', end - 1);
            }
        }
        return Optional.empty();
    }

    /** Every URL or bare domain found inside free text (an SMS body, a note) that matches. */
    public List<Match> urlsInText(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<Match> out = new ArrayList<>(1);
        for (String candidate : UrlExtractor.extract(text)) {
            url(candidate).ifPresent(m -> {
                if (out.stream().noneMatch(o -> o.indicator().equals(m.indicator()))) out.add(m);
            });
        }
        return out;
    }

    /** An IPv4 or IPv6 address (IPv6 compared in canonical form). */
    public Optional<Match> ip(String address) {
        String a = Normalize.ip(address);
        if (a == null) return Optional.empty();
        for (IndicatorType t : new IndicatorType[] {IndicatorType.IPV4, IndicatorType.IPV6, IndicatorType.DOMAIN}) {
            Map<String, Indicator> m = exact.get(t);
            if (m != null) {
                Indicator i = m.get(a);
                if (i != null) return allowed(new Match(i, a, null));
            }
        }
        return Optional.empty();
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
            Indicator i = processPrefixes.get(Normalize.key(IndicatorType.PROCESS, n));
            if (i != null) return allowed(new Match(i, n, "truncated process name (prefix of " + i.value() + ")"));
        }
        return Optional.empty();
    }

    /**
     * A full file path. A path indicator matches when it equals the path or is one of its
     * ancestors at a path boundary ({@code /var/foo} matches {@code /var/foo/bar}, never
     * {@code /var/foobar}). Indicators ending in "/" are directories. The file name of the
     * path is also checked against file-name indicators.
     */
    public Optional<Match> filePath(String path) {
        if (path == null || path.isEmpty()) return Optional.empty();
        Map<String, Indicator> paths = exact.get(IndicatorType.FILE_PATH);
        if (paths != null) {
            String p = Normalize.path(path);
            int end = p.length();
            while (end > 0) {
                String prefix = p.substring(0, end);
                Indicator i = paths.get(prefix);
                if (i != null) return allowed(new Match(i, p, end == p.length() ? null : "inside " + i.value()));
                end = p.lastIndexOf('/', end - 1);
            }
        }
        int slash = path.lastIndexOf('/');
        return fileName(slash >= 0 ? path.substring(slash + 1) : path);
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
        return i == null ? Optional.empty() : allowed(new Match(i, value, null));
    }

    private Optional<Match> allowed(Match m) {
        return allowList.permits(m) ? Optional.of(m) : Optional.empty();
    }
}
