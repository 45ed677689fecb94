import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSource;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceTypes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark driver (not a test): runs the whole check-network pipeline (Check.run: read,
 * modules, checks, result folder) on the given inputs and prints the time. Indicators: every
 * domain/IPv4/IPv6/URL pattern of the STIX2 files under the given folder, read by a
 * bench-only regex loader (the product's loader is IocSets).
 *
 * Usage: java -cp CLASSPATH CheckNetworkBench.java IOC_DIR OUT_DIR INPUT...
 */
public class CheckNetworkBench {
    public static void main(String[] args) throws Exception {
        Path iocDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Path> inputs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) inputs.add(Path.of(args[i]));
        Pattern p = Pattern.compile("(domain-name|ipv4-addr|ipv6-addr|url):value\\s*=\\s*'([^']+)'");
        List<IocSource> sources = new ArrayList<>();
        try (Stream<Path> s = Files.walk(iocDir)) {
            for (Path f : s.filter(x -> x.toString().endsWith(".stix2")).sorted().toList()) {
                List<Indicator> l = new ArrayList<>();
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    IndicatorType t = switch (m.group(1)) {
                        case "domain-name" -> IndicatorType.DOMAIN;
                        case "ipv4-addr" -> IndicatorType.IPV4;
                        case "ipv6-addr" -> IndicatorType.IPV6;
                        default -> IndicatorType.URL;
                    };
                    l.add(new Indicator(t, m.group(2).toLowerCase(Locale.ROOT), f.getParent().getFileName().toString(), f.toString(), null));
                }
                sources.add(new IocSource(f.toString(), "", "stix2", l, List.of()));
            }
        }
        Indicators iocs = Indicators.of(sources);
        var type = EvidenceTypes.byName("network").orElseThrow();
        long t0 = System.nanoTime();
        Check.Outcome o = Check.run(type, inputs, new CheckOptions(), iocs, out, List.of("bench"), null);
        double s = (System.nanoTime() - t0) / 1e9;
        long records = o.result().modules().stream().mapToLong(m -> m.records().size()).sum();
        System.out.printf(Locale.ROOT, "check-network: %.2f s, %d indicators, %d records, %d alerts, modules: %s%n", s, iocs.size(), records,
                o.result().alerts().size(), o.result().modules().stream().map(m -> m.slug() + "=" + m.status().json() + "/" + m.records().size()).toList());
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "heap: max %d MiB, committed %d MiB%n", rt.maxMemory() >> 20, rt.totalMemory() >> 20);
    }
}
