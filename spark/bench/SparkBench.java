import dev.vigil.core.ioc.AllowList;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSets;
import dev.vigil.core.ioc.IocSource;
import dev.vigil.spark.IocMatchJob;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark driver (not a test). generate: writes N DNS log rows as Parquet. spark: runs
 * IocMatchJob on them in local[2]. loop: the same core matcher in a plain Java loop over the
 * same rows (generated in memory by the same function, so without Parquet decoding).
 *
 * Usage: SparkBench generate N DIR | spark DIR OUT IOC_DIR | loop N IOC_DIR
 */
public class SparkBench {
    static final StructType SCHEMA = new StructType().add("ts", DataTypes.StringType).add("src", DataTypes.StringType)
            .add("dst_ip", DataTypes.StringType).add("dport", DataTypes.IntegerType).add("qname", DataTypes.StringType);

    /** Row i of the generated log: 5,000 clients, 50,000 names, planted indicators every 1,000,000 rows. */
    static Object[] row(long i, String plantedDomain, String plantedIp) {
        long h = i * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        int c = (int) ((h >>> 8) % 5000);
        int n = (int) ((h >>> 24) % 50000);
        String q = i % 1_000_000 == 17 ? "www." + plantedDomain : "host" + n + ".svc" + (n % 311) + ".example.com";
        String dst = i % 1_000_000 == 23 ? plantedIp : "10.0.0.53";
        long sec = 1709632800L + i / 1000;
        return new Object[] {Long.toString(sec), "10." + (c >> 8) + "." + (c & 0xff) + ".1", dst, 53, q};
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Long.parseLong(args[1]), args[2]);
            case "spark" -> spark(args[1], args[2], Path.of(args[3]));
            case "loop" -> loop(Long.parseLong(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static SparkSession session() {
        SparkSession s = SparkSession.builder().master("local[2]").appName("vigil-bench").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        s.sparkContext().setLogLevel("ERROR");
        return s;
    }

    static void generate(long n, String dir) throws Exception {
        try (SparkSession s = session()) {
            long t0 = System.nanoTime();
            s.range(0, n, 1, 16).mapPartitions((MapPartitionsFunction<Long, Row>) it -> new Iterator<>() {
                public boolean hasNext() { return it.hasNext(); }
                public Row next() { return RowFactory.create(row(it.next(), "weather4free.com", "47.112.137.199")); }
            }, Encoders.row(SCHEMA)).write().mode(SaveMode.Overwrite).parquet(dir);
            System.out.printf(Locale.ROOT, "generated %d rows in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        }
    }

    static List<IocSource> iocs(Path dir) throws Exception {
        try {
            return IocSets.defaults(AllowList.none()).sources();
        } catch (UnsupportedOperationException e) {
            // the IOC loaders are not merged on this branch: a bench-only loader of the STIX2 patterns
        }
        Pattern p = Pattern.compile("(domain-name|ipv4-addr|ipv6-addr|url):value\\s*=\\s*'([^']+)'");
        List<IocSource> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
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
                    l.add(new Indicator(t, m.group(2).toLowerCase(Locale.ROOT), f.getParent().getFileName().toString(), f.getFileName().toString(), null));
                }
                out.add(new IocSource(f.toString(), "", "stix2", l, List.of()));
            }
        }
        return out;
    }

    static void spark(String in, String out, Path iocDir) throws Exception {
        List<IocSource> src = iocs(iocDir);
        try (SparkSession s = session()) {
            long t0 = System.nanoTime();
            long c0 = cpu();
            IocMatchJob.Result r = IocMatchJob.run(s, new IocMatchJob.Options(List.of(in), "parquet", "time=ts,client=src,server=dst_ip,port=dport,query=qname", out), src);
            double sec = (System.nanoTime() - t0) / 1e9;
            double cpuSec = (cpu() - c0) / 1e9;
            System.out.printf(Locale.ROOT, "spark local[2]: %d rows, %d matches, %d indicators, %.1f s wall, %.0f rows/s; process CPU %.1f s, %.0f rows per CPU-second%n",
                    r.rows(), r.matches(), src.stream().mapToInt(x -> x.indicators().size()).sum(), sec, r.rows() / sec, cpuSec, r.rows() / cpuSec);
        }
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void loop(long n, Path iocDir) throws Exception {
        Indicators iocs = Indicators.of(iocs(iocDir));
        // the same rows, built in memory first so that only matching is timed
        int chunk = 1_000_000;
        long matches = 0, total = 0;
        double sec = 0, cpuSec = 0;
        for (long base = 0; base < n; base += chunk) {
            int k = (int) Math.min(chunk, n - base);
            Object[][] rows = new Object[k][];
            for (int i = 0; i < k; i++) rows[i] = row(base + i, "weather4free.com", "47.112.137.199");
            long t0 = System.nanoTime();
            long c0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            for (Object[] r : rows) {
                if (iocs.domain((String) r[4]).isPresent()) matches++;
                if (iocs.ip((String) r[2]).isPresent()) matches++;
                if (iocs.ip((String) r[1]).isPresent()) matches++;
            }
            sec += (System.nanoTime() - t0) / 1e9;
            cpuSec += (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1e9;
            total += k;
        }
        System.out.printf(Locale.ROOT, "plain Java loop, 1 thread: %d rows, %d matches, %d indicators, %.1f s wall, %.0f rows/s; thread CPU %.1f s, %.0f rows per CPU-second%n",
                total, matches, iocs.size(), sec, total / sec, cpuSec, total / cpuSec);
    }
}
