package dev.vigil.spark;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.IocSource;
import dev.vigil.core.util.Json;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spark job in local[2] mode on generated logs: exact matches, including subdomains and IP addresses. */
class IocMatchJobTest {
    static SparkSession spark;

    @TempDir
    static Path dir;

    static final List<IocSource> IOCS = List.of(
            new IocSource("pegasus.stix2", "aa", "stix2", List.of(
                    new Indicator(IndicatorType.DOMAIN, "weather4free.com", "NSO Group Pegasus", "pegasus.stix2", "i1"),
                    new Indicator(IndicatorType.DOMAIN, "tookcheckout.com", "NSO Group Pegasus", "pegasus.stix2", "i2")), List.of()),
            new IocSource("eaglemsgspy.stix2", "bb", "stix2", List.of(
                    new Indicator(IndicatorType.IPV4, "47.112.137.199", "EagleMsgSpy", "eaglemsgspy.stix2", "i3"),
                    new Indicator(IndicatorType.URL, "http://files.example.net/payload.bin", "EagleMsgSpy", "eaglemsgspy.stix2", "i4")), List.of()));

    static final StructType SCHEMA = new StructType()
            .add("ts", DataTypes.StringType).add("src", DataTypes.StringType).add("dst_ip", DataTypes.StringType)
            .add("dport", DataTypes.IntegerType).add("qname", DataTypes.StringType).add("url", DataTypes.StringType);

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("vigil-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** 2,000 benign rows over 3 files, and planted ones. */
    static List<Row> rows() {
        List<Row> l = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            l.add(RowFactory.create("2024-03-05T10:" + String.format("%02d", i % 60) + ":00Z", "10.0.0." + (i % 50), "10.0.0.1", 53,
                    "host" + i + ".example.com", null));
        }
        l.add(RowFactory.create("2024-03-05T11:00:00Z", "10.0.1.7", "10.0.0.1", 53, "weather4free.com", null));
        l.add(RowFactory.create("2024-03-05T11:00:05Z", "10.0.1.7", "10.0.0.1", 53, "Login.WEATHER4FREE.com.", null)); // subdomain, case, dot
        l.add(RowFactory.create("2024-03-05T11:01:00Z", "10.0.1.8", "10.0.0.1", 53, "cdn.tookcheckout.com", null));
        l.add(RowFactory.create("2024-03-05T11:02:00Z", "10.0.1.9", "47.112.137.199", 443, null, null)); // IP
        l.add(RowFactory.create("2024-03-05T11:03:00Z", "10.0.1.9", "203.0.113.5", 80, null, "http://files.example.net/payload.bin"));
        l.add(RowFactory.create("2024-03-05T11:04:00Z", "10.0.1.9", "203.0.113.5", 80, "notweather4free.com", "http://example.org/weather4free.com"));
        return l;
    }

    static List<String> matches(Path out) {
        return spark.read().parquet(out.resolve("matches").toString()).collectAsList().stream()
                .map(r -> r.getAs("time") + " " + r.getAs("client") + " " + r.getAs("field") + "=" + r.getAs("value") + " -> "
                        + r.getAs("indicator") + " [" + r.getAs("collection") + "] " + r.getAs("match"))
                .toList();
    }

    static final List<String> EXPECTED = List.of(
            "2024-03-05T11:00:00Z 10.0.1.7 query=weather4free.com -> weather4free.com [NSO Group Pegasus] null",
            "2024-03-05T11:00:05Z 10.0.1.7 query=Login.WEATHER4FREE.com. -> weather4free.com [NSO Group Pegasus] subdomain of weather4free.com",
            "2024-03-05T11:01:00Z 10.0.1.8 query=cdn.tookcheckout.com -> tookcheckout.com [NSO Group Pegasus] subdomain of tookcheckout.com",
            "2024-03-05T11:02:00Z 10.0.1.9 server=47.112.137.199 -> 47.112.137.199 [EagleMsgSpy] null",
            "2024-03-05T11:03:00Z 10.0.1.9 url=http://files.example.net/payload.bin -> http://files.example.net/payload.bin [EagleMsgSpy] null");

    @Test
    void parquetExactMatchesAndSummary() throws Exception {
        Path in = dir.resolve("dns-parquet");
        spark.createDataFrame(rows(), SCHEMA).repartition(3).write().parquet(in.toString());
        Path out = dir.resolve("out-parquet");
        IocMatchJob.Result r = IocMatchJob.run(spark, new IocMatchJob.Options(List.of(in.toString()), "parquet",
                "time=ts,client=src,server=dst_ip,port=dport,query=qname,url=url", out.toString()), IOCS);
        assertThat(r.rows()).isEqualTo(2006);
        assertThat(r.matches()).isEqualTo(5);
        assertThat(matches(out)).containsExactlyElementsOf(EXPECTED);
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = Json.MAPPER.readValue(Files.readString(out.resolve("summary.json")), Map.class);
        assertThat(summary.get("rows_scanned")).isEqualTo(2006);
        assertThat(summary.get("indicators")).isEqualTo(4);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cols = (List<Map<String, Object>>) summary.get("collections");
        assertThat(cols).extracting(c -> c.get("collection") + ":" + c.get("matches") + ":" + c.get("clients") + ":" + c.get("first_seen") + ".." + c.get("last_seen"))
                .containsExactly("EagleMsgSpy:2:1:2024-03-05T11:02:00Z..2024-03-05T11:03:00Z",
                        "NSO Group Pegasus:3:2:2024-03-05T11:00:00Z..2024-03-05T11:01:00Z");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> peg = (List<Map<String, Object>>) cols.get(1).get("indicators");
        assertThat(peg).extracting(x -> x.get("value") + "=" + x.get("matches")).containsExactly("tookcheckout.com=1", "weather4free.com=2");
        // compiled once per JVM (here driver and executors share one), not per task or row
        assertThat(IndicatorPayload.compiledCount()).isEqualTo(1);
    }

    @Test
    void csvAndJsonLinesWithGuessedColumns() throws Exception {
        Dataset<Row> df = spark.createDataFrame(rows(), SCHEMA).withColumnRenamed("qname", "domain").withColumnRenamed("ts", "timestamp");
        Path csv = dir.resolve("dns-csv");
        df.coalesce(2).write().option("header", "true").csv(csv.toString());
        Path json = dir.resolve("dns-json");
        df.coalesce(2).write().json(json.toString());
        for (var e : Map.of("csv", csv, "json", json).entrySet()) {
            Path out = dir.resolve("out-" + e.getKey());
            IocMatchJob.Result r = IocMatchJob.run(spark, new IocMatchJob.Options(List.of(e.getValue().toString()), e.getKey(), null, out.toString()), IOCS);
            assertThat(r.rows()).as(e.getKey()).isEqualTo(2006);
            assertThat(matches(out)).as(e.getKey()).containsExactlyElementsOf(EXPECTED);
        }
    }

    @Test
    void missingColumnIsNamed() {
        assertThatThrownBy(() -> ColumnRoles.resolve("query=qname", List.of("ts", "domain")))
                .hasMessage("column 'qname' for query is not in the data (columns: ts, domain)");
        assertThatThrownBy(() -> ColumnRoles.resolve(null, List.of("a", "b"))).hasMessageContaining("no column to check among a, b");
    }

    @Test
    void payloadRoundTrip() {
        IndicatorPayload p = new IndicatorPayload(IOCS);
        assertThat(p.sources()).isEqualTo(IOCS);
        assertThat(p.size()).isEqualTo(4);
        assertThat(new IndicatorPayload(IOCS).digest()).isEqualTo(p.digest());
    }
}
