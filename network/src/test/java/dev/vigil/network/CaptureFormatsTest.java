package dev.vigil.network;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.network.NetworkDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The capture reader on every pcap and pcapng variant the samples writer makes. */
class CaptureFormatsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "pcap nanos={0} bigEndian={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void classicPcapAllMagicVariants(boolean nanos, boolean big) throws Exception {
        Path f = dir.resolve("c.pcap");
        NetworkDemo.writePcap(f, nanos, big);
        RunResult r = Runs.check(Indicators.empty(), f);
        List<Record> dns = Runs.records(r, "network_dns");
        assertThat(dns).hasSize(2);
        Record v6 = dns.stream().filter(x -> x.str("query").equals(NetworkDemo.PEGASUS_DOMAIN)).findFirst().orElseThrow();
        // QinQ-tagged Ethernet, IPv6 with hop-by-hop and destination options, UDP
        assertThat(v6.str("client")).isEqualTo("2001:db8:43::17");
        assertThat(v6.str("server")).isEqualTo("2001:db8:43::1");
        assertThat(v6.num("port", 0)).isEqualTo(53);
        assertThat(v6.str("transport")).isEqualTo("udp");
        assertThat(v6.str("qtype")).isEqualTo("AAAA");
        assertThat(v6.num("queries", 0)).isEqualTo(1);
        assertThat(v6.num("responses", 0)).isEqualTo(1);
        assertThat(v6.get("answers")).isEqualTo(List.of("2001:db8::10"));
        // microsecond files keep microseconds; the ISO time has milliseconds
        assertThat(v6.str("timestamp")).isEqualTo("2024-03-05T10:01:40.123Z");
        Record v4 = dns.stream().filter(x -> x.str("query").equals("example.org")).findFirst().orElseThrow();
        assertThat(v4.str("client")).isEqualTo(NetworkDemo.PHONE);
        assertThat(v4.get("answers")).isEqualTo(List.of(NetworkDemo.EXAMPLE_IP));
        Record in = Runs.records(r, "network_inputs").get(0);
        assertThat(in.str("format")).isEqualTo("pcap");
        assertThat(in.num("packets", 0)).isEqualTo(4);
        assertThat(in.str("status")).isEqualTo("ok");
    }

    @ParameterizedTest(name = "pcapng bigEndian={0}")
    @ValueSource(booleans = {false, true})
    void pcapngBothByteOrders(boolean big) throws Exception {
        Path f = dir.resolve("c.pcapng");
        NetworkDemo.writePcapng(f, big);
        RunResult r = Runs.check(Indicators.empty(), f);
        assertThat(Runs.module(r, "network_inputs").status()).isEqualTo(ModuleStatus.OK);
        List<Record> dns = Runs.records(r, "network_dns");
        assertThat(dns).extracting(x -> x.str("query") + "/" + x.str("transport") + "/" + x.num("queries", 0) + "/" + x.num("responses", 0))
                .containsExactlyInAnyOrder(
                        "example.org/udp/1/1", "www.example.com/udp/1/1", NetworkDemo.PEGASUS_DOMAIN + "/udp/2/2",
                        NetworkDemo.PEGASUS_SUBDOMAIN + "/tcp/1/1", NetworkDemo.DYNDNS_NAME + "/udp/1/1", "example.net/udp/1/0");
        Record peg = dns.stream().filter(x -> x.str("query").equals(NetworkDemo.PEGASUS_DOMAIN)).findFirst().orElseThrow();
        assertThat(peg.num("count", 0)).isEqualTo(4);
        assertThat(peg.str("timestamp")).isEqualTo("2024-03-05T10:00:10Z");
        assertThat(peg.str("last_seen")).isEqualTo("2024-03-05T10:00:11.020Z");
        // DNS over TCP on the SLL2 interface with nanosecond resolution; CNAME then A answer
        Record sub = dns.stream().filter(x -> x.str("query").equals(NetworkDemo.PEGASUS_SUBDOMAIN)).findFirst().orElseThrow();
        assertThat(sub.get("answers")).isEqualTo(List.of("edge." + NetworkDemo.PEGASUS_PARENT, NetworkDemo.PEGASUS_SUB_A));
        // the query is complete when its second segment arrives
        assertThat(sub.str("timestamp")).isEqualTo("2024-03-05T10:00:20.004Z");
        // the simple packet block has no time: it takes the previous packet's
        Record spb = dns.stream().filter(x -> x.str("query").equals("example.net")).findFirst().orElseThrow();
        assertThat(spb.str("timestamp")).isEqualTo("2024-03-05T10:00:41.010Z");

        List<Record> tls = Runs.records(r, "network_tls");
        assertThat(tls).extracting(x -> x.str("sni") + "@" + x.str("server") + ":" + x.str("port") + " " + x.str("version") + " " + x.str("alpn"))
                .containsExactly("example.org@93.184.215.14:443 TLSv1.3 h2", NetworkDemo.PEGASUS_SUBDOMAIN + "@203.0.113.20:443 TLSv1.3 h2",
                        "null@198.51.100.77:4443 TLSv1.3 h2");

        List<Record> http = Runs.records(r, "network_http");
        assertThat(http).hasSize(1);
        assertThat(http.get(0).str("url")).isEqualTo("http://" + NetworkDemo.EAGLEMSGSPY_IP + ":8081/upload?id=17");
        assertThat(http.get(0).str("method")).isEqualTo("GET");
        assertThat(http.get(0).str("client")).isEqualTo(NetworkDemo.PHONE);

        List<Record> flows = Runs.records(r, "network_flows");
        Record toExample = flows.stream().filter(x -> "93.184.215.14".equals(x.str("server"))).findFirst().orElseThrow();
        assertThat(toExample.str("transport")).isEqualTo("tcp");
        assertThat(toExample.num("connections", 0)).isEqualTo(1);
        assertThat(toExample.num("packets", 0)).isEqualTo(3 + 3 + 3); // handshake, 3 ClientHello pieces, 3 data segments
        assertThat(toExample.str("resolved_name")).isEqualTo("example.org");
        Record unresolved = flows.stream().filter(x -> NetworkDemo.UNRESOLVED_IP.equals(x.str("server"))).findFirst().orElseThrow();
        assertThat(unresolved.get("resolved_name")).isNull();
        assertThat(unresolved.get("dns_in_inputs")).isEqualTo(true);
    }

    @Test
    void outputIsDeterministic() throws Exception {
        Path f = dir.resolve("c.pcapng");
        NetworkDemo.writePcapng(f, false);
        RunResult a = Runs.check(Indicators.empty(), f);
        RunResult b = Runs.check(Indicators.empty(), f);
        for (String slug : List.of("network_dns", "network_flows", "network_tls", "network_http")) {
            assertThat(Runs.records(a, slug).toString()).isEqualTo(Runs.records(b, slug).toString());
        }
    }
}
