package dev.vigil.bench;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocLoader;
import dev.vigil.core.ioc.IocSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * URLs checked per second, on one thread, with every indicator of the public sets loaded
 * (about 8,000). The mix is what a browser history or a network log looks like: 90% hosts
 * that match nothing (popular sites, CDNs, random names, some sharing a label or a suffix
 * with an indicator), 7% subdomains of indicator domains, 3% indicator hosts themselves;
 * with schemes, ports, paths, queries and the odd userinfo or scheme-less URL.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Threads(1)
public class UrlCheckBenchmark {
    static final int N = 8192;

    Indicators iocs;
    String[] urls;
    int expectedMatches;

    private static final String[] POPULAR = {
        "www.google.com", "fonts.gstatic.com", "graph.facebook.com", "i.ytimg.com", "mmg.whatsapp.net", "mesu.apple.com",
        "gateway.icloud.com", "api.twitter.com", "www.bbc.co.uk", "en.wikipedia.org", "cdn.jsdelivr.net", "static.xx.fbcdn.net",
        "play.googleapis.com", "www.amnesty.org", "signal.org", "outlook.office365.com", "s3.amazonaws.com", "news.ycombinator.com",
        "www.lemonde.fr", "www.spiegel.de", "m.youtube.com", "app-measurement.com", "firebaseinstallations.googleapis.com"};
    private static final String[] WORDS = {"news", "cdn", "api", "mail", "login", "shop", "static", "img", "media", "secure",
        "track", "portal", "account", "update", "service", "cloud", "data", "edge", "files", "web"};
    private static final String[] TLDS = {"com", "net", "org", "io", "co.uk", "de", "fr", "info", "xyz", "app"};
    private static final String[] PATHS = {"/", "/index.html", "/search?q=spyware&hl=en", "/a/b/c.js", "/api/v1/items?id=42",
        "/static/img/logo.png", "/watch?v=dQw4w9WgXcQ", "/login?next=%2Fhome", ""};

    @Setup(Level.Trial)
    public void setup() throws IOException {
        List<IocSource> sources = IocLoader.load(IocFiles.dir());
        iocs = Indicators.of(sources);
        List<String> domains = new ArrayList<>();
        for (IocSource s : sources) {
            for (Indicator i : s.indicators()) {
                if (i.type() == IndicatorType.DOMAIN && i.value().indexOf('/') < 0 && i.value().indexOf('.') > 0) domains.add(i.value());
            }
        }
        Random r = new Random(42);
        urls = new String[N];
        int matches = 0;
        for (int k = 0; k < N; k++) {
            int dice = r.nextInt(100);
            String host;
            if (dice < 3) {
                host = domains.get(r.nextInt(domains.size()));
            } else if (dice < 10) {
                host = WORDS[r.nextInt(WORDS.length)] + (r.nextBoolean() ? "." + WORDS[r.nextInt(WORDS.length)] : "") + "." + domains.get(r.nextInt(domains.size()));
            } else if (dice < 40) {
                host = POPULAR[r.nextInt(POPULAR.length)];
            } else if (dice < 55) {
                // shares a suffix or a label with an indicator without being one of its subdomains
                String d = domains.get(r.nextInt(domains.size()));
                host = (r.nextBoolean() ? "x" + d : d.substring(0, d.lastIndexOf('.')) + ".example." + TLDS[r.nextInt(TLDS.length)]);
            } else {
                host = WORDS[r.nextInt(WORDS.length)] + r.nextInt(1000) + "." + WORDS[r.nextInt(WORDS.length)] + "-" + WORDS[r.nextInt(WORDS.length)] + "." + TLDS[r.nextInt(TLDS.length)];
            }
            if (r.nextInt(10) == 0) host = host.toUpperCase(java.util.Locale.ROOT);
            String url = switch (r.nextInt(20)) {
                case 0 -> host + PATHS[r.nextInt(PATHS.length)];
                case 1 -> "http://" + host + ":8080" + PATHS[r.nextInt(PATHS.length)];
                case 2 -> "https://user@" + host + PATHS[r.nextInt(PATHS.length)];
                case 3, 4, 5 -> "http://" + host + PATHS[r.nextInt(PATHS.length)];
                default -> "https://" + host + PATHS[r.nextInt(PATHS.length)];
            };
            urls[k] = url;
            if (iocs.url(url).isPresent()) matches++;
        }
        expectedMatches = matches;
        if (matches < N * 8 / 100 || matches > N * 20 / 100) throw new IllegalStateException("unexpected match rate " + matches + "/" + N);
    }

    /**
     * Reference point for the machine's speed: only reads every character of every URL once
     * (no parsing, no lookup). On a shared or throttled machine both figures drop together;
     * their ratio says how much the matcher costs beyond touching its input.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public int baselineReadChars() {
        int h = 0;
        for (String u : urls) for (int i = 0, n = u.length(); i < n; i++) h = h * 31 + u.charAt(i);
        return h;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int checkUrls() {
        int found = 0;
        Indicators i = iocs;
        for (String u : urls) if (i.url(u).isPresent()) found++;
        if (found != expectedMatches) throw new IllegalStateException(found + " != " + expectedMatches);
        return found;
    }
}
