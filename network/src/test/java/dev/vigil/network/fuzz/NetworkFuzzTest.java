package dev.vigil.network.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.network.NetSink;
import dev.vigil.network.capture.CaptureReader;
import dev.vigil.network.capture.PacketDecoder;
import dev.vigil.network.intrusion.IntrusionLogParser;
import dev.vigil.network.logs.ColumnMapping;
import dev.vigil.network.logs.EveReader;
import dev.vigil.network.logs.GenericLogReader;
import dev.vigil.network.logs.ZeekReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Fuzz targets for the network readers: pcap/pcapng through the packet decoder (Ethernet,
 * IP, TCP reassembly, DNS, TLS ClientHello, HTTP), one packet decoded per link type, Zeek
 * (TSV and JSON) and Suricata eve lines, generic CSV/JSON-lines logs, the Android intrusion
 * log. Any input: a result or an IOException (CorruptInputException) — never an unchecked crash.
 */
class NetworkFuzzTest {
    /** Counts what the readers hand out and checks that required fields are there. */
    static final class Sink implements NetSink {
        long n;

        @Override
        public void dns(String input, long time, String client, String server, int port, String transport, String query,
                        String qtype, boolean response, String rcode, List<String> answers) {
            if (query == null && answers == null) throw new IllegalStateException("empty DNS event");
            n++;
        }

        @Override
        public void flow(String input, long time, String client, String server, int port, String transport, long packets,
                         long bytes, int handshakes) {
            n++;
        }

        @Override
        public void tls(String input, long time, String client, String server, int port, String sni, String version, String alpn) {
            n++;
        }

        @Override
        public void http(String input, long time, String client, String server, int port, String method, String host, String url,
                         String userAgent) {
            n++;
        }

        @Override
        public void resolved(String ip, String name) {
            if (ip == null || name == null) throw new IllegalStateException("null resolution");
        }

        @Override
        public void warn(String input, String message) {
            if (message == null) throw new IllegalStateException("null warning");
        }
    }

    @FuzzTest(maxDuration = "10s")
    void capture(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        PacketDecoder dec = new PacketDecoder(new Sink(), "fuzz.pcapng");
        try {
            CaptureReader.read(new ByteArrayInputStream(b), dec);
        } catch (IOException expected) {
            // corrupt or truncated capture: a clear error after the packets before it
        }
        dec.finish();
    }

    @FuzzTest(maxDuration = "10s")
    void packet(FuzzedDataProvider data) {
        int link = data.pickValue(new int[] {0, 1, 101, 113, 228, 229, 276, data.consumeInt()});
        int packets = data.consumeInt(1, 4);
        PacketDecoder dec = new PacketDecoder(new Sink(), "fuzz");
        for (int i = 0; i < packets; i++) {
            byte[] p = data.consumeBytes(data.consumeInt(0, 2048));
            dec.packet(link, data.consumeLong(), p, 0, p.length);
        }
        dec.finish();
    }

    @FuzzTest(maxDuration = "10s")
    void logLines(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 4);
        byte[] b = data.consumeRemainingAsBytes();
        Sink sink = new Sink();
        try {
            switch (kind) {
                case 0 -> ZeekReader.read(new ByteArrayInputStream(b), "dns.log", sink);
                case 1 -> EveReader.read(new ByteArrayInputStream(b), "eve.json", sink);
                case 2 -> GenericLogReader.readCsv(new ByteArrayInputStream(b), ',', ColumnMapping.guess(), "log.csv", sink);
                case 3 -> GenericLogReader.readJsonLines(new ByteArrayInputStream(b), ColumnMapping.guess(), "log.jsonl", sink);
                default -> IntrusionLogParser.parse(new ByteArrayInputStream(b), e -> { });
            }
        } catch (IOException expected) {
            // unreadable log
        }
    }
}
