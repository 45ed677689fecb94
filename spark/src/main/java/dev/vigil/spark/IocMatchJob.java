package dev.vigil.spark;

import dev.vigil.core.ioc.AllowList;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSets;
import dev.vigil.core.ioc.IocSource;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.util.Json;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vigil's indicator checks over large DNS, proxy and flow logs on Apache Spark: reads Parquet,
 * CSV (with a header) or JSON lines from local paths or any Hadoop URI (hdfs://, s3a://,
 * abfss://, gs://...), maps its columns to roles (time, client, server, port, query, url,
 * host, sni), broadcasts the indicator set once, matches every row with the core
 * {@link Indicators} matcher inside {@code mapPartitions} (the same code as {@code vigil
 * check-network}: domains with their subdomains, URLs, IP addresses), and writes the matches as
 * Parquet ({@code OUT/matches}) and a JSON summary per indicator collection
 * ({@code OUT/summary.json}).
 *
 * <pre>
 * spark-submit --class dev.vigil.spark.IocMatchJob vigil-spark.jar \
 *     --input s3a://logs/dns/2024/ --format parquet --columns time=ts,client=src,query=qname \
 *     --iocs stix-folder/ --output s3a://results/vigil/
 * </pre>
 */
public final class IocMatchJob {
    /** Schema of the match rows. */
    public static final StructType MATCH_SCHEMA = new StructType()
            .add("time", DataTypes.StringType)
            .add("client", DataTypes.StringType)
            .add("server", DataTypes.StringType)
            .add("port", DataTypes.StringType)
            .add("field", DataTypes.StringType)
            .add("value", DataTypes.StringType)
            .add("indicator_type", DataTypes.StringType)
            .add("indicator", DataTypes.StringType)
            .add("collection", DataTypes.StringType)
            .add("source", DataTypes.StringType)
            .add("match", DataTypes.StringType)
            .add("input", DataTypes.StringType);

    /** What to read and where to write. */
    public record Options(List<String> inputs, String format, String columns, String output) implements Serializable {}

    /** What a run did. */
    public record Result(long rows, long matches, Map<String, Object> summary) {}

    private IocMatchJob() {}

    public static void main(String[] args) throws IOException {
        Map<String, List<String>> a = parseArgs(args);
        if (!a.containsKey("input") || !a.containsKey("output")) {
            System.err.println("usage: IocMatchJob --input PATH_OR_URI [--input ...] --output DIR_OR_URI [--format parquet|csv|json] "
                    + "[--columns time=ts,client=src,query=domain,url=url,server=dst_ip,port=dport,sni=server_name] [--iocs FILE_OR_DIR ...] [--master local[*]]");
            System.exit(2);
        }
        List<String> inputs = a.get("input");
        Options o = new Options(inputs, first(a, "format", guessFormat(inputs.get(0))), first(a, "columns", null), first(a, "output", null));
        Indicators iocs = a.containsKey("iocs")
                ? IocSets.load(a.get("iocs").stream().map(Path::of).toList(), AllowList.none())
                : IocSets.defaults(AllowList.none());
        SparkSession.Builder b = SparkSession.builder().appName("vigil-ioc-match");
        if (a.containsKey("master")) b.master(a.get("master").get(0));
        try (SparkSession spark = b.getOrCreate()) {
            Result r = run(spark, o, iocs.sources());
            System.out.println(Json.pretty().writeValueAsString(r.summary()));
        }
    }

    static Map<String, List<String>> parseArgs(String[] args) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("expected --option value at " + args[i]);
            m.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        return m;
    }

    private static String first(Map<String, List<String>> m, String k, String dflt) {
        List<String> l = m.get(k);
        return l == null || l.isEmpty() ? dflt : l.get(0);
    }

    static String guessFormat(String input) {
        String s = input.toLowerCase(java.util.Locale.ROOT);
        if (s.endsWith(".csv") || s.endsWith(".csv.gz")) return "csv";
        if (s.endsWith(".json") || s.endsWith(".jsonl") || s.endsWith(".json.gz") || s.endsWith(".jsonl.gz") || s.endsWith(".log")) return "json";
        return "parquet";
    }

    /** Reads the inputs as a DataFrame. */
    public static Dataset<Row> read(SparkSession spark, Options o) {
        String[] in = o.inputs().toArray(String[]::new);
        return switch (o.format()) {
            case "parquet" -> spark.read().parquet(in);
            case "csv" -> spark.read().option("header", "true").option("inferSchema", "false").option("mode", "PERMISSIVE").csv(in);
            case "json", "jsonl" -> spark.read().option("mode", "PERMISSIVE").json(in);
            default -> throw new IllegalArgumentException("unknown format " + o.format() + " (parquet, csv, json)");
        };
    }

    /** Runs the job: read, match, write matches and summary. */
    public static Result run(SparkSession spark, Options o, List<IocSource> sources) throws IOException {
        IndicatorPayload payload = new IndicatorPayload(sources);
        Dataset<Row> data = read(spark, o);
        ColumnRoles roles = ColumnRoles.resolve(o.columns(), Arrays.asList(data.columns()));
        // only the mapped columns travel, as text, plus the file each row came from
        List<Column> cols = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (var e : roles.asMap().entrySet()) {
            cols.add(functions.col("`" + e.getValue() + "`").cast(DataTypes.StringType).as(e.getKey()));
            order.add(e.getKey());
        }
        cols.add(functions.input_file_name().as("_input"));
        Dataset<Row> projected = data.select(cols.toArray(Column[]::new));

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<IndicatorPayload> bc = jsc.broadcast(payload); // once, whatever the number of partitions
        LongAccumulator rows = spark.sparkContext().longAccumulator("vigil rows scanned");
        Dataset<Row> matches = projected.mapPartitions(new Matcher(bc, order.toArray(String[]::new), rows), Encoders.row(MATCH_SCHEMA));

        String out = o.output().endsWith("/") ? o.output() : o.output() + "/";
        // one pass over the input: matches are written as found (sorting here would scan twice)
        String unsorted = out + "_matches_unsorted";
        matches.write().mode(SaveMode.Overwrite).parquet(unsorted);
        long scanned = rows.value();
        bc.destroy();
        // the matches are few: sort them for deterministic output
        spark.read().schema(MATCH_SCHEMA).parquet(unsorted)
                .orderBy("time", "client", "field", "value", "indicator", "input").coalesce(1)
                .write().mode(SaveMode.Overwrite).parquet(out + "matches");
        delete(spark, unsorted);
        Dataset<Row> written = spark.read().schema(MATCH_SCHEMA).parquet(out + "matches");
        long n = written.count();
        Map<String, Object> summary = summary(written, scanned, payload, o);
        writeText(spark, out + "summary.json", Json.pretty().writeValueAsString(summary) + "\n");
        return new Result(scanned, n, summary);
    }

    /** The per-partition matcher: the core Indicators, compiled once per executor JVM. */
    static final class Matcher implements MapPartitionsFunction<Row, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Broadcast<IndicatorPayload> bc;
        private final String[] order;
        private final LongAccumulator rows;

        Matcher(Broadcast<IndicatorPayload> bc, String[] order, LongAccumulator rows) {
            this.bc = bc;
            this.order = order;
            this.rows = rows;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> it) {
            Indicators iocs = bc.value().compiled();
            int time = index("time"), client = index("client"), server = index("server"), port = index("port");
            int query = index("query"), url = index("url"), host = index("host"), sni = index("sni");
            int input = order.length;
            return new Iterator<>() {
                private final List<Row> pending = new ArrayList<>(2);
                private int next;
                private long count;

                private void fill() {
                    while (next >= pending.size() && it.hasNext()) {
                        pending.clear();
                        next = 0;
                        Row r = it.next();
                        count++;
                        check(r, "query", query, v -> iocs.domain(v));
                        check(r, "url", url, v -> iocs.url(v));
                        check(r, "host", host, v -> iocs.domain(v));
                        check(r, "sni", sni, v -> iocs.domain(v));
                        check(r, "server", server, v -> iocs.ip(v));
                        check(r, "client", client, v -> iocs.ip(v));
                    }
                    if (!it.hasNext() && count > 0) {
                        rows.add(count);
                        count = 0;
                    }
                }

                private void check(Row r, String field, int i, java.util.function.Function<String, Optional<Match>> f) {
                    if (i < 0) return;
                    String v = r.getString(i);
                    if (v == null || v.isEmpty()) return;
                    Optional<Match> m = f.apply(v);
                    if (m.isEmpty()) return;
                    var ind = m.get().indicator();
                    pending.add(RowFactory.create(str(r, time), str(r, client), str(r, server), str(r, port), field, v,
                            ind.type().stixKey(), ind.value(), ind.collection(), ind.source(), m.get().note(), r.getString(input)));
                }

                @Override
                public boolean hasNext() {
                    fill();
                    return next < pending.size();
                }

                @Override
                public Row next() {
                    if (!hasNext()) throw new java.util.NoSuchElementException();
                    return pending.get(next++);
                }
            };
        }

        private int index(String role) {
            for (int i = 0; i < order.length; i++) if (order[i].equals(role)) return i;
            return -1;
        }

        private static String str(Row r, int i) {
            return i < 0 ? null : r.getString(i);
        }
    }

    /** The JSON summary: per collection, matches, distinct clients and values, time range, and per indicator. */
    static Map<String, Object> summary(Dataset<Row> m, long rows, IndicatorPayload payload, Options o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("tool", "vigil-spark");
        s.put("inputs", o.inputs());
        s.put("format", o.format());
        s.put("rows_scanned", rows);
        s.put("indicators", payload.size());
        s.put("indicator_set_sha256", payload.digest());
        List<Row> perCollection = m.groupBy("collection").agg(
                        functions.count("*").as("matches"),
                        functions.countDistinct("client").as("clients"),
                        functions.countDistinct("value").as("values"),
                        functions.min("time").as("first_seen"),
                        functions.max("time").as("last_seen"))
                .orderBy("collection").collectAsList();
        List<Row> perIndicator = m.groupBy("collection", "indicator_type", "indicator").agg(
                        functions.count("*").as("matches"),
                        functions.countDistinct("client").as("clients"),
                        functions.min("time").as("first_seen"),
                        functions.max("time").as("last_seen"))
                .orderBy("collection", "indicator_type", "indicator").collectAsList();
        List<Map<String, Object>> collections = new ArrayList<>();
        for (Row c : perCollection) {
            Map<String, Object> e = new LinkedHashMap<>();
            String name = c.getString(0);
            e.put("collection", name);
            e.put("matches", c.getLong(1));
            e.put("clients", c.getLong(2));
            e.put("distinct_values", c.getLong(3));
            e.put("first_seen", c.getString(4));
            e.put("last_seen", c.getString(5));
            List<Map<String, Object>> inds = new ArrayList<>();
            for (Row r : perIndicator) {
                if (!java.util.Objects.equals(r.getString(0), name)) continue;
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("type", r.getString(1));
                x.put("value", r.getString(2));
                x.put("matches", r.getLong(3));
                x.put("clients", r.getLong(4));
                x.put("first_seen", r.getString(5));
                x.put("last_seen", r.getString(6));
                inds.add(x);
            }
            e.put("indicators", inds);
            collections.add(e);
        }
        s.put("collections", collections);
        return s;
    }

    private static org.apache.hadoop.fs.Path hadoopPath(String uri) {
        return new org.apache.hadoop.fs.Path(URI.create(uri.contains("://") || uri.startsWith("/") ? uri : Path.of(uri).toAbsolutePath().toUri().toString()));
    }

    static void delete(SparkSession spark, String uri) throws IOException {
        var path = hadoopPath(uri);
        path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
    }

    /** Writes a small text file through Hadoop's FileSystem, so any URI the job reads from works. */
    static void writeText(SparkSession spark, String uri, String text) throws IOException {
        var conf = spark.sparkContext().hadoopConfiguration();
        var path = hadoopPath(uri);
        var fs = path.getFileSystem(conf);
        try (OutputStream os = fs.create(path, true)) {
            os.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
