package dev.vigil.network;

import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.RunResult;
import dev.vigil.samples.network.NetworkCaptureSample;
import dev.vigil.samples.network.NetworkDemo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo sample (captures and logs together) against the public indicator files the planted values come from. */
class DemoAlertsTest {
    @TempDir
    static Path dir;
    static RunResult result;

    @BeforeAll
    static void run() throws Exception {
        Path sample = new NetworkCaptureSample().build(dir);
        result = Runs.check(TestIocs.demo(), sample);
    }

    private static List<String> alerts(String module, Level level) {
        return result.alerts().stream().filter(a -> a.module().equals(module) && a.level() == level).map(Alert::message).sorted().toList();
    }

    @Test
    void everyInputIsReadWithItsDetectedFormat() {
        assertThat(Runs.module(result, "network_inputs").status()).isEqualTo(ModuleStatus.OK);
        assertThat(Runs.records(result, "network_inputs")).extracting(r -> r.str("path") + "=" + r.str("format") + "/" + r.str("status"))
                .containsExactly("network-capture/eve.json=suricata-eve/ok", "network-capture/hotspot.pcapng=pcapng/ok",
                        "network-capture/intrusion.jsonl=android-intrusion-log/ok", "network-capture/office-vlan.pcap=pcap/ok",
                        "network-capture/proxy.csv=csv/ok", "network-capture/zeek/conn.log=zeek-json/ok", "network-capture/zeek/dns.log=zeek/ok");
    }

    @Test
    void dnsAlertsNameTheFlowAndTheIndicator() {
        List<Alert> crit = result.alerts().stream().filter(a -> a.module().equals("network_dns") && a.level() == Level.CRITICAL).toList();
        assertThat(crit).extracting(a -> a.event().str("query") + " <- " + a.event().str("client") + " : " + a.matchedIndicator().value()
                        + " (" + a.matchedIndicator().match() + ")")
                .containsExactlyInAnyOrder(
                        "weather4free.com <- 192.168.43.17 : weather4free.com (null)",
                        "weather4free.com <- 2001:db8:43::17 : weather4free.com (null)",
                        "weather4free.com <- com.example.weather : weather4free.com (null)",
                        "cdn.tookcheckout.com <- 192.168.43.17 : tookcheckout.com (subdomain of tookcheckout.com)",
                        // (its CNAME answer edge.tookcheckout.com matches the same indicator: not alerted twice)
                        "api.tookcheckout.com <- 10.2.2.8 : tookcheckout.com (subdomain of tookcheckout.com)",
                        "login.weather4free.com <- 10.1.1.5 : weather4free.com (subdomain of weather4free.com)",
                        "login.weather4free.com <- 10.1.1.5 : 83.220.169.120 (null)"); // the answer is a ResidentBat address
        Alert first = crit.stream().filter(a -> a.event().str("client").equals("192.168.43.17") && a.event().str("query").equals("weather4free.com")).findFirst().orElseThrow();
        assertThat(first.message()).isEqualTo("DNS query for weather4free.com (client 192.168.43.17, server 192.168.43.1 port 53/udp, "
                + "first seen 2024-03-05T10:00:10Z, 4 times until 2024-03-05T10:00:11.020Z) matches a known indicator of NSO Group Pegasus: weather4free.com");
        assertThat(first.eventTime()).isEqualTo("2024-03-05T10:00:10Z");
        assertThat(first.matchedIndicator().source()).isEqualTo("amnesty-investigations/2021-07-18_nso/pegasus.stix2");
        assertThat(alerts("network_dns", Level.MEDIUM)).containsExactly(
                "DNS query for " + NetworkDemo.DYNDNS_NAME + " is under the dynamic-DNS zone duckdns.org (client 192.168.43.17, server 192.168.43.1 port 53/udp, "
                        + "first seen 2024-03-05T10:00:40Z, 2 times until 2024-03-05T10:00:40.020Z)");
    }

    @Test
    void tlsHttpAndFlowAlerts() {
        assertThat(alerts("network_tls", Level.CRITICAL)).containsExactly(
                "TLS connection to server name api.tookcheckout.com (client 10.2.2.8, server 203.0.113.30 port 443, first seen 2024-03-05T10:05:00Z) "
                        + "matches a known indicator of NSO Group Pegasus: tookcheckout.com (subdomain of tookcheckout.com)",
                "TLS connection to server name cdn.tookcheckout.com (client 192.168.43.17, server 203.0.113.20 port 443, first seen 2024-03-05T10:00:21.003Z) "
                        + "matches a known indicator of NSO Group Pegasus: tookcheckout.com (subdomain of tookcheckout.com)");
        assertThat(alerts("network_http", Level.CRITICAL)).containsExactly(
                "HTTP request GET http://47.112.137.199:8081/upload?id=17 (client 192.168.43.17, server 47.112.137.199 port 8081, first seen 2024-03-05T10:00:30.003Z) "
                        + "matches a known indicator of EagleMsgSpy: 47.112.137.199",
                "HTTP request POST http://47.112.137.199/c2/ping (client 10.2.2.8, server 47.112.137.199 port 80, first seen 2024-03-05T10:05:00Z) "
                        + "matches a known indicator of EagleMsgSpy: 47.112.137.199",
                "HTTP request http://weather4free.com/track?x=1,2 (client 10.3.3.9, server 203.0.113.41 port 80, first seen 2024-03-05T10:06:05Z) "
                        + "matches a known indicator of NSO Group Pegasus: weather4free.com",
                "HTTP request to server 47.112.137.199 (client 10.2.2.8, server 47.112.137.199 port 80, first seen 2024-03-05T10:05:00Z) "
                        + "matches a known indicator of EagleMsgSpy: 47.112.137.199",
                "HTTP request to server 47.112.137.199 (client 192.168.43.17, server 47.112.137.199 port 8081, first seen 2024-03-05T10:00:30.003Z) "
                        + "matches a known indicator of EagleMsgSpy: 47.112.137.199");
        assertThat(alerts("network_http", Level.MEDIUM)).containsExactly(
                "Cleartext HTTP request to non-standard port 8081: GET http://47.112.137.199:8081/upload?id=17 (client 192.168.43.17, server 47.112.137.199 port 8081, "
                        + "first seen 2024-03-05T10:00:30.003Z)");
        List<Alert> flowCrit = result.alerts().stream().filter(a -> a.module().equals("network_flows") && a.level() == Level.CRITICAL).toList();
        assertThat(flowCrit).extracting(a -> a.event().str("client") + "->" + a.event().str("server") + ":" + a.event().str("port"))
                .containsExactlyInAnyOrder(
                        "192.168.43.17->47.112.137.199:8081", "10.2.2.8->47.112.137.199:80", "com.example.weather->47.112.137.199:443",
                        "10.1.1.5->83.220.169.120:443", "192.168.43.17->203.0.113.20:443");
        assertThat(alerts("network_flows", Level.MEDIUM)).containsExactly(
                "Connection to 198.51.100.77 port 4443 whose address was never resolved through DNS in the inputs (client 192.168.43.17, "
                        + "server 198.51.100.77 port 4443/tcp, first seen 2024-03-05T10:00:41Z, 5 times until 2024-03-05T10:00:41.010Z)");
    }

    @Test
    void httpRecordsFromEveAndCsv() {
        List<Record> http = Runs.records(result, "network_http");
        assertThat(http).extracting(r -> r.str("url")).containsExactly(
                "http://47.112.137.199:8081/upload?id=17", "http://47.112.137.199/c2/ping", "http://www.example.com/index.html",
                "http://weather4free.com/track?x=1,2");
    }
}
