package dev.vigil.network;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.network.intrusion.IntrusionEvent;
import dev.vigil.network.intrusion.IntrusionLogParser;
import dev.vigil.network.logs.TimeParse;
import dev.vigil.samples.network.NetworkDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFormatsTest {
    @TempDir
    Path dir;

    static final Indicators IOCS = Indicators.of(
            new Indicator(IndicatorType.DOMAIN, "evil.example", "Test campaign", "test", null),
            new Indicator(IndicatorType.IPV4, "198.51.100.66", "Test campaign", "test", null),
            new Indicator(IndicatorType.URL, "http://files.example.net/payload.bin", "Test campaign", "test", null));

    @Test
    void genericCsvWithColumnMapping() throws Exception {
        Path f = dir.resolve("resolver-export.txt");
        Files.writeString(f, "when;who;asked;resolver\n"
                + "1709632800;10.0.0.2;www.evil.example;10.0.0.1\n"
                + "1709632860;10.0.0.2;www.evil.example;10.0.0.1\n"
                + "1709632900;10.0.0.3;benign.example.org;10.0.0.1\n");
        RunResult r = Runs.check(IOCS, Map.of("columns", "time=when,client=who,query=asked,server=resolver"), f);
        List<Record> dns = Runs.records(r, "network_dns");
        assertThat(dns).extracting(x -> x.str("timestamp") + " " + x.str("client") + " " + x.str("query") + " " + x.num("count", 0))
                .containsExactly("2024-03-05T10:00:00Z 10.0.0.2 www.evil.example 2", "2024-03-05T10:01:40Z 10.0.0.3 benign.example.org 1");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.CRITICAL);
            // "www." in front of an indicator domain is the same site: reported as an exact match.
            assertThat(a.matchedIndicator().match()).isNull();
            assertThat(a.message()).startsWith("DNS query for www.evil.example (client 10.0.0.2, server 10.0.0.1, first seen 2024-03-05T10:00:00Z, 2 times until 2024-03-05T10:01:00Z)");
        });
        assertThat(Runs.records(r, "network_inputs").get(0).str("format")).isEqualTo("csv");
    }

    @Test
    void mappingNamingMissingColumnIsAClearInputError() throws Exception {
        Path f = dir.resolve("proxy.csv");
        Files.writeString(f, NetworkDemo.proxyCsv());
        RunResult r = Runs.check(IOCS, Map.of("columns", "query=qname"), f);
        assertThat(Runs.module(r, "network_inputs").error())
                .contains("the column mapping names columns this log does not have: query=qname (columns: ts, src, dst_ip, dport, domain, url)");
    }

    @Test
    void badMappingIsRefusedBeforeReading() {
        assertThatThrownBy(() -> new NetworkEvidenceType().open(List.of(dir), new CheckOptions().flag("columns", "colour=red")))
                .isInstanceOf(EvidenceException.class)
                .hasMessageStartingWith("--columns: unknown role 'colour' in the column mapping");
    }

    @Test
    void proxyJsonLinesUrlAndIp() throws Exception {
        Path f = dir.resolve("proxy.jsonl");
        Files.writeString(f, "{\"@timestamp\":\"2024-03-05T10:00:00.500Z\",\"client\":{\"ip\":\"10.9.9.9\"},\"dst\":\"198.51.100.66\",\"request\":{\"url\":\"http://files.example.net/payload.bin\",\"method\":\"GET\"}}\n");
        RunResult r = Runs.check(IOCS, Map.of("columns", "time=@timestamp,client=client.ip,server=dst,url=request.url,method=request.method"), f);
        Record h = Runs.records(r, "network_http").get(0);
        assertThat(h.str("client")).isEqualTo("10.9.9.9");
        assertThat(h.str("method")).isEqualTo("GET");
        assertThat(r.alerts()).extracting(a -> a.matchedIndicator().value())
                .containsExactly("http://files.example.net/payload.bin", "198.51.100.66");
    }

    @Test
    void gzippedZeekJsonSslLog() throws Exception {
        Path f = dir.resolve("ssl.log.gz");
        String line = "{\"ts\":\"2024-03-05T10:00:00.000000Z\",\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.2\",\"id.orig_p\":50000,\"id.resp_h\":\"198.51.100.9\","
                + "\"id.resp_p\":443,\"version\":\"TLSv13\",\"server_name\":\"cdn.evil.example\",\"established\":true}\n";
        try (var out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        RunResult r = Runs.check(IOCS, f);
        assertThat(Runs.records(r, "network_inputs").get(0).str("format")).isEqualTo("gzip/zeek-json");
        assertThat(Runs.records(r, "network_tls")).singleElement().satisfies(t -> {
            assertThat(t.str("sni")).isEqualTo("cdn.evil.example");
            assertThat(t.num("port", 0)).isEqualTo(443);
        });
        assertThat(r.alerts()).singleElement().satisfies(a -> assertThat(a.module()).isEqualTo("network_tls"));
    }

    @Test
    void intrusionLogParserShapes() throws Exception {
        String log = NetworkDemo.intrusionJsonl()
                + "{\"type\":\"NETWORK_EVENT_DNS\",\"package_name\":\"org.example\",\"timestamp\":1709632800000,\"hostname\":\"a.example\",\"inet_addresses\":[\"1.2.3.4\"]}\n"
                + "not json\n";
        List<IntrusionEvent> events = new ArrayList<>();
        IntrusionLogParser.Summary s = IntrusionLogParser.parse(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), events::add);
        assertThat(events).containsExactly(
                new IntrusionEvent.Dns(11, NetworkDemo.T0 / 1_000_000 + 300_000, "com.example.weather", NetworkDemo.PEGASUS_DOMAIN, List.of(NetworkDemo.PEGASUS_A), 1),
                new IntrusionEvent.Connect(12, NetworkDemo.T0 / 1_000_000 + 300_500, "com.example.weather", NetworkDemo.EAGLEMSGSPY_IP, 443),
                new IntrusionEvent.Dns(0, 1709632800000L, "org.example", "a.example", List.of("1.2.3.4"), 1));
        assertThat(s).isEqualTo(new IntrusionLogParser.Summary(2, 1, 1, 0, 1, 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1709632800.250000|2024-03-05T10:00:00.250Z",
            "1709632800250|2024-03-05T10:00:00.250Z",
            "1709632800250000|2024-03-05T10:00:00.250Z",
            "2024-03-05T10:00:00.250000+0000|2024-03-05T10:00:00.250Z",
            "2024-03-05T12:00:00.25+02:00|2024-03-05T10:00:00.250Z",
            "2024-03-05 10:00:00|2024-03-05T10:00:00Z"})
    void times(String in, String iso) {
        long t = TimeParse.parse(in);
        assertThat(java.time.Instant.ofEpochSecond(0, t).toString()).isEqualTo(iso);
    }

    @Test
    void unparsableTimesAreUnknown() {
        assertThat(TimeParse.parse("yesterday")).isEqualTo(NetSink.UNKNOWN_TIME);
        assertThat(TimeParse.parse("-")).isEqualTo(NetSink.UNKNOWN_TIME);
        assertThat(TimeParse.parse("1.2.3")).isEqualTo(NetSink.UNKNOWN_TIME);
    }

    @Test
    void suricataDnsVersion3() throws Exception {
        Path f = dir.resolve("eve.json");
        Files.writeString(f, "{\"timestamp\":\"2024-03-05T10:00:00.000000+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.2\",\"src_port\":5000,\"dest_ip\":\"10.0.0.1\",\"dest_port\":53,\"proto\":\"UDP\","
                + "\"dns\":{\"version\":3,\"type\":\"response\",\"id\":1,\"rcode\":\"NOERROR\",\"queries\":[{\"rrname\":\"x.evil.example\",\"rrtype\":\"A\"}],"
                + "\"answers\":[{\"rrname\":\"x.evil.example\",\"rrtype\":\"A\",\"rdata\":\"198.51.100.66\"}]}}\n");
        RunResult r = Runs.check(IOCS, f);
        Record d = Runs.records(r, "network_dns").get(0);
        assertThat(d.str("query")).isEqualTo("x.evil.example");
        assertThat(d.get("answers")).isEqualTo(List.of("198.51.100.66"));
        assertThat(d.num("responses", 0)).isEqualTo(1);
        assertThat(r.alerts()).extracting(a -> a.matchedIndicator().value()).containsExactly("evil.example", "198.51.100.66");
        assertThat(Runs.module(r, "network_flows").status()).isEqualTo(ModuleStatus.NOT_FOUND);
    }
}
