package dev.vigil.samples.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a large pcapng for benchmarks: {@code queries} DNS queries (each with its answer) from
 * 20 clients over 5,000 distinct names with a skewed popularity, interleaved with TLS
 * connections (DNS lookup of the server, handshake, ClientHello) carrying 1400-byte data segments until the file
 * reaches the target size. Ten queries for the Pegasus domain of the demo are planted so that
 * alerts fire. Deterministic: the same arguments give the same bytes.
 *
 * <p>Usage: {@code BenchCapture OUT.pcapng [queries=1000000] [bytes=1073741824]}
 */
public final class BenchCapture {
    private BenchCapture() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long queries = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        long target = args.length > 2 ? Long.parseLong(args[2]) : 1L << 30;
        long t0 = System.nanoTime();
        long written = write(out, queries, target);
        System.out.printf("wrote %s: %d bytes, %d DNS queries, in %.1f s%n", out, written, queries, (System.nanoTime() - t0) / 1e9);
    }

    public static long write(Path out, long queries, long target) throws IOException {
        String[] clients = new String[20];
        for (int i = 0; i < clients.length; i++) clients[i] = "10.20." + (i / 10) + "." + (10 + i);
        String[] names = new String[5000];
        for (int i = 0; i < names.length; i++) names[i] = "host" + i + ".service" + (i % 97) + ".example.com";
        String resolver = "10.20.0.1";
        // bytes per query pair ~ 2 x (16 EPB + 14 eth + 20 ip + 8 udp + ~45 dns) ~ 230; the rest is TLS data
        long dnsBytes = queries * 230;
        long dataSegments = Math.max(0, (target - dnsBytes) / (28 + 14 + 20 + 20 + 1400));
        long perQuery = queries == 0 ? 0 : dataSegments * 1000 / queries; // data segments per 1000 queries
        try (OutputStream os = Files.newOutputStream(out); CaptureWriter.Pcapng w = new CaptureWriter.Pcapng(os, false, "Vigil bench")) {
            int eth = w.iface(1, 6, "eth0");
            Traffic tr = new Traffic(w, eth, Traffic.Link.ETHERNET);
            long t = NetworkDemo.T0;
            long rnd = 42;
            int conns = 2000;
            long[] seq = new long[conns];
            byte[] data = new byte[1400];
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 13 + 1);
            long acc = 0;
            int nextConn = 0;
            for (long q = 0; q < queries; q++) {
                rnd = rnd * 6364136223846793005L + 1442695040888963407L;
                int r = (int) ((rnd >>> 33) & 0x7fffffff);
                String client = clients[r % clients.length];
                // skewed popularity: the square of a uniform value favours low indexes
                double u = ((r >>> 5) & 0xffff) / 65536.0;
                String name = q % 100_000 == 99_999 ? NetworkDemo.PEGASUS_DOMAIN : names[(int) (u * u * names.length)];
                int port = 30000 + (int) (q % 30000);
                tr.dnsUdp(t, client, port, resolver, (int) (q & 0xffff), name, 1, List.of("A 198.18." + ((r >>> 8) & 0xff) + "." + (r & 0xff)));
                t += 50_000;
                acc += perQuery;
                while (acc >= 1000) {
                    acc -= 1000;
                    int c = nextConn++ % conns;
                    String server = "198.19." + (c / 250) + "." + (c % 250);
                    String cl = clients[c % clients.length];
                    if (seq[c] == 0) { // the client resolves the server's name first, as apps do
                        tr.dnsUdp(t, cl, 20000 + c, resolver, c, "cdn" + c + ".example.net", 1, List.of("A " + server));
                        tr.tls(t, cl, 40000 + c, server, 443, "cdn" + c + ".example.net", 1, false, 0);
                        seq[c] = 90_001;
                    }
                    tr.tcp(t, server, 443, cl, 40000 + c, seq[c], 70_001, Packets.ACK, data);
                    seq[c] += data.length;
                    t += 10_000;
                }
            }
        }
        return Files.size(out);
    }
}
