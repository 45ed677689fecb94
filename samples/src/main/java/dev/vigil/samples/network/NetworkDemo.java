package dev.vigil.samples.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo network evidence: a phone (192.168.43.17 / 2001:db8:43::17) behind a Wi-Fi
 * hotspot, captured with planted public indicators, plus the same kind of traffic as Zeek,
 * Suricata, proxy and Android intrusion logs would record it.
 *
 * <p>Planted, all from public indicator sets:
 * <ul>
 * <li>{@link #PEGASUS_DOMAIN} and {@link #PEGASUS_PARENT} are domains of NSO Group's Pegasus in
 * Amnesty International's 2021-07-18_nso/pegasus.stix2; {@link #PEGASUS_SUBDOMAIN} is a
 * subdomain of the latter (matches by the subdomain rule);</li>
 * <li>{@link #EAGLEMSGSPY_IP} is in mvt-indicators 2024-12-25_eaglemsgspy/eaglemsgspy.stix2 and
 * {@link #RESIDENTBAT_IP} in mvt-indicators ResidentBat/residentbat.stix2.</li>
 * </ul>
 * Everything else uses documentation addresses (RFC 5737, RFC 3849) and example names.
 */
public final class NetworkDemo {
    public static final String PEGASUS_DOMAIN = "weather4free.com";
    public static final String PEGASUS_PARENT = "tookcheckout.com";
    public static final String PEGASUS_SUBDOMAIN = "cdn." + PEGASUS_PARENT;
    public static final String EAGLEMSGSPY_IP = "47.112.137.199";
    public static final String RESIDENTBAT_IP = "83.220.169.120";
    public static final String DYNDNS_NAME = "update.example-home.duckdns.org";

    public static final String PHONE = "192.168.43.17", PHONE6 = "2001:db8:43::17";
    public static final String RESOLVER = "192.168.43.1", RESOLVER6 = "2001:db8:43::1";
    public static final String EXAMPLE_IP = "93.184.215.14";
    public static final String PEGASUS_A = "203.0.113.10", PEGASUS_SUB_A = "203.0.113.20";
    public static final String UNRESOLVED_IP = "198.51.100.77";

    /** 2024-03-05T10:00:00Z, in nanoseconds. */
    public static final long T0 = Instant.parse("2024-03-05T10:00:00Z").getEpochSecond() * 1_000_000_000L;

    private NetworkDemo() {}

    static long at(long seconds) {
        return T0 + seconds * 1_000_000_000L;
    }

    /**
     * The hotspot capture as pcapng: interface 0 Ethernet (microseconds), interface 1 Linux
     * cooked v2 (nanoseconds), a name resolution block and one simple packet block.
     */
    public static void writePcapng(Path file, boolean bigEndian) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); CaptureWriter.Pcapng w = new CaptureWriter.Pcapng(os, bigEndian, "Vigil samples")) {
            int eth = w.iface(Traffic.Link.ETHERNET.linkType, 6, "wlan0");
            int sll = w.iface(Traffic.Link.SLL2.linkType, 9, "any");
            Traffic e = new Traffic(w, eth, Traffic.Link.ETHERNET);
            Traffic s = new Traffic(w, sll, Traffic.Link.SLL2);
            Map<String, String> names = new LinkedHashMap<>();
            names.put(EXAMPLE_IP, "example.org");
            w.names(names);
            // benign browsing
            e.dnsUdp(at(0), PHONE, 40001, RESOLVER, 0x1001, "example.org", 1, List.of("A " + EXAMPLE_IP));
            e.tls(at(1), PHONE, 50001, EXAMPLE_IP, 443, "example.org", 3, true, 3);
            e.ipv6Extensions(true).dnsUdp(at(2), PHONE6, 40002, RESOLVER6, 0x1002, "www.example.com", 28, List.of("AAAA 2001:db8:85a3::8a2e:370:7334"));
            e.ipv6Extensions(false);
            // Pegasus domain over UDP
            e.dnsUdp(at(10), PHONE, 40003, RESOLVER, 0x2001, PEGASUS_DOMAIN, 1, List.of("A " + PEGASUS_A));
            e.dnsUdp(at(11), PHONE, 40004, RESOLVER, 0x2002, PEGASUS_DOMAIN, 1, List.of("A " + PEGASUS_A));
            // a subdomain of a Pegasus domain over TCP, on the cooked interface, then a TLS connection to it
            s.dnsTcp(at(20), PHONE, 40005, RESOLVER, 0x2003, PEGASUS_SUBDOMAIN, 1, List.of("CNAME edge." + PEGASUS_PARENT, "A " + PEGASUS_SUB_A));
            s.tls(at(21), PHONE, 50002, PEGASUS_SUB_A, 443, PEGASUS_SUBDOMAIN, 2, false, 2);
            // cleartext HTTP to an EagleMsgSpy address on an odd port
            e.http(at(30), PHONE, 50003, EAGLEMSGSPY_IP, 8081, EAGLEMSGSPY_IP + ":8081", "/upload?id=17");
            // dynamic DNS name, and a connection to an address no DNS answer gave
            e.dnsUdp(at(40), PHONE, 40006, RESOLVER, 0x2004, DYNDNS_NAME, 1, List.of("A 203.0.113.99"));
            e.tls(at(41), PHONE, 50004, UNRESOLVED_IP, 4443, null, 1, false, 1);
            // a simple packet block: a DNS query with no timestamp of its own
            w.simplePacket(e.frame(PHONE, Packets.ipv4(PHONE, RESOLVER, 17, Packets.udp(PHONE, RESOLVER, 40007, 53,
                    Packets.dnsQuery(0x1003, "example.net", 1)))));
        }
    }

    /**
     * A classic pcap of a tagged network (802.1ad + 802.1Q) in one of the four pcap variants,
     * with the Pegasus domain asked over IPv6 with extension headers.
     */
    public static void writePcap(Path file, boolean nanos, boolean bigEndian) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); CaptureWriter.Pcap w = new CaptureWriter.Pcap(os, 1, nanos, bigEndian)) {
            Traffic q = new Traffic(w, 0, Traffic.Link.QINQ).ipv6Extensions(true);
            q.dnsUdp(at(100) + 123_456_789, PHONE6, 41001, RESOLVER6, 0x3001, PEGASUS_DOMAIN, 28, List.of("AAAA 2001:db8::10"));
            Traffic v = new Traffic(w, 0, Traffic.Link.VLAN);
            v.dnsUdp(at(101), PHONE, 41002, RESOLVER, 0x3002, "example.org", 1, List.of("A " + EXAMPLE_IP));
        }
    }

    // ------------------------------------------------------------------ logs

    static String zeekTime(long seconds) {
        return (T0 / 1_000_000_000L + seconds) + ".250000";
    }

    /** A Zeek dns.log in Zeek's TSV format (field list of Zeek 6). */
    public static String zeekDnsTsv() {
        String f = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected";
        String t = "time\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool";
        StringBuilder sb = new StringBuilder();
        sb.append("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n#open\t2024-03-05-10-00-00\n");
        sb.append("#fields\t").append(f).append('\n').append("#types\t").append(t).append('\n');
        sb.append(zeekTime(200)).append("\tCa1\t10.1.1.5\t53001\t10.1.1.1\t53\tudp\t4660\t0.012\tlogin.").append(PEGASUS_DOMAIN)
                .append("\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT\tT\t0\t").append(RESIDENTBAT_IP).append("\t300.000000\tF\n");
        sb.append(zeekTime(201)).append("\tCa2\t10.1.1.5\t53002\t10.1.1.1\t53\tudp\t4661\t0.010\texample.org\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT\tT\t0\t")
                .append(EXAMPLE_IP).append("\t300.000000\tF\n");
        sb.append(zeekTime(202)).append("\tCa3\t10.1.1.5\t53003\t10.1.1.1\t53\tudp\t4662\t-\tnothing.example\t1\tC_INTERNET\t1\tA\t3\tNXDOMAIN\tF\tF\tT\tT\t0\t(empty)\t(empty)\tF\n");
        sb.append("#close\t2024-03-05-11-00-00\n");
        return sb.toString();
    }

    /** A Zeek conn.log as JSON lines (LogAscii::use_json=T). */
    public static String zeekConnJson() {
        return "{\"ts\":" + zeekTime(203) + ",\"uid\":\"Cb1\",\"id.orig_h\":\"10.1.1.5\",\"id.orig_p\":50100,\"id.resp_h\":\"" + RESIDENTBAT_IP
                + "\",\"id.resp_p\":443,\"proto\":\"tcp\",\"service\":\"ssl\",\"duration\":1.5,\"orig_bytes\":517,\"resp_bytes\":4000,"
                + "\"conn_state\":\"SF\",\"orig_pkts\":8,\"orig_ip_bytes\":900,\"resp_pkts\":7,\"resp_ip_bytes\":4400}\n"
                + "{\"ts\":" + zeekTime(204) + ",\"uid\":\"Cb2\",\"id.orig_h\":\"10.1.1.5\",\"id.orig_p\":50101,\"id.resp_h\":\"" + EXAMPLE_IP
                + "\",\"id.resp_p\":443,\"proto\":\"tcp\",\"service\":\"ssl\",\"duration\":0.5,\"orig_bytes\":517,\"resp_bytes\":3000,"
                + "\"conn_state\":\"SF\",\"orig_pkts\":6,\"orig_ip_bytes\":800,\"resp_pkts\":5,\"resp_ip_bytes\":3300}\n";
    }

    /** Suricata eve.json lines (dns in the version-2 layout, tls, http, flow, and a stats event that is not used). */
    public static String eveJson() {
        String ts = "2024-03-05T10:05:00.000000+0000";
        return "{\"timestamp\":\"" + ts + "\",\"flow_id\":1,\"event_type\":\"dns\",\"src_ip\":\"10.2.2.8\",\"src_port\":52000,\"dest_ip\":\"10.2.2.1\",\"dest_port\":53,\"proto\":\"UDP\","
                + "\"dns\":{\"type\":\"query\",\"id\":7,\"rrname\":\"api." + PEGASUS_PARENT + "\",\"rrtype\":\"A\",\"tx_id\":0}}\n"
                + "{\"timestamp\":\"" + ts + "\",\"flow_id\":1,\"event_type\":\"dns\",\"src_ip\":\"10.2.2.1\",\"src_port\":53,\"dest_ip\":\"10.2.2.8\",\"dest_port\":52000,\"proto\":\"UDP\","
                + "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":7,\"flags\":\"8180\",\"rrname\":\"api." + PEGASUS_PARENT + "\",\"rrtype\":\"A\",\"rcode\":\"NOERROR\","
                + "\"answers\":[{\"rrname\":\"api." + PEGASUS_PARENT + "\",\"rrtype\":\"A\",\"ttl\":60,\"rdata\":\"203.0.113.30\"}],\"grouped\":{\"A\":[\"203.0.113.30\"]}}}\n"
                + "{\"timestamp\":\"" + ts + "\",\"flow_id\":2,\"event_type\":\"tls\",\"src_ip\":\"10.2.2.8\",\"src_port\":52001,\"dest_ip\":\"203.0.113.30\",\"dest_port\":443,\"proto\":\"TCP\","
                + "\"tls\":{\"sni\":\"api." + PEGASUS_PARENT + "\",\"version\":\"TLS 1.3\"}}\n"
                + "{\"timestamp\":\"" + ts + "\",\"flow_id\":3,\"event_type\":\"http\",\"src_ip\":\"10.2.2.8\",\"src_port\":52002,\"dest_ip\":\"" + EAGLEMSGSPY_IP + "\",\"dest_port\":80,\"proto\":\"TCP\","
                + "\"http\":{\"hostname\":\"" + EAGLEMSGSPY_IP + "\",\"url\":\"/c2/ping\",\"http_user_agent\":\"okhttp/4.9\",\"http_method\":\"POST\",\"protocol\":\"HTTP/1.1\",\"status\":200,\"length\":2}}\n"
                + "{\"timestamp\":\"" + ts + "\",\"flow_id\":3,\"event_type\":\"flow\",\"src_ip\":\"10.2.2.8\",\"src_port\":52002,\"dest_ip\":\"" + EAGLEMSGSPY_IP + "\",\"dest_port\":80,\"proto\":\"TCP\","
                + "\"flow\":{\"pkts_toserver\":5,\"pkts_toclient\":4,\"bytes_toserver\":600,\"bytes_toclient\":500,\"start\":\"2024-03-05T10:04:59.000000+0000\",\"end\":\"" + ts + "\",\"state\":\"closed\"}}\n"
                + "{\"timestamp\":\"" + ts + "\",\"event_type\":\"stats\",\"stats\":{\"uptime\":300}}\n";
    }

    /** A proxy log as CSV, with columns that need a mapping (ts, src, dst_ip, domain, url). */
    public static String proxyCsv() {
        return "ts,src,dst_ip,dport,domain,url\n"
                + "2024-03-05 10:06:00,10.3.3.9,203.0.113.40,80,www.example.com,http://www.example.com/index.html\n"
                + "2024-03-05 10:06:05,10.3.3.9,203.0.113.41,80,,\"http://" + PEGASUS_DOMAIN + "/track?x=1,2\"\n";
    }

    /** Android intrusion-log events as JSON lines: a DNS event, a connect event, a security event. */
    public static String intrusionJsonl() {
        long ms = T0 / 1_000_000L + 300_000;
        return "{\"type\":1,\"dnsEvent\":{\"id\":11,\"packageName\":\"com.example.weather\",\"timestamp\":" + ms + ",\"hostname\":\"" + PEGASUS_DOMAIN
                + "\",\"inetAddresses\":[\"/" + PEGASUS_A + "\"],\"totalResolvedAddressCount\":1}}\n"
                + "{\"type\":2,\"connectEvent\":{\"id\":12,\"packageName\":\"com.example.weather\",\"timestamp\":" + (ms + 500) + ",\"inetAddress\":\"/"
                + EAGLEMSGSPY_IP + "\",\"port\":443}}\n"
                + "{\"type\":0,\"securityEvent\":{\"tag\":210002,\"timestamp\":" + (ms + 900) + "}}\n";
    }

    /** Writes every demo file into {@code dir}: two captures and the logs. */
    public static void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("zeek"));
        writePcapng(dir.resolve("hotspot.pcapng"), false);
        writePcap(dir.resolve("office-vlan.pcap"), true, true);
        Files.writeString(dir.resolve("zeek/dns.log"), zeekDnsTsv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("zeek/conn.log"), zeekConnJson(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("eve.json"), eveJson(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("proxy.csv"), proxyCsv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("intrusion.jsonl"), intrusionJsonl(), StandardCharsets.UTF_8);
    }
}
