package dev.vigil.network;

import java.util.List;

/**
 * Where every reader (capture, Zeek, Suricata, generic logs, Android intrusion log) sends what
 * it found. Times are nanoseconds since the Unix epoch ({@link #UNKNOWN_TIME} when a source
 * gives none). Addresses are IP literals as text; host names are as seen on the wire.
 */
public interface NetSink {
    long UNKNOWN_TIME = Long.MIN_VALUE;

    /** A DNS question (response == false) or answer (response == true, with its answers). */
    void dns(String input, long time, String client, String server, int port, String transport, String query,
             String qtype, boolean response, String rcode, List<String> answers);

    /** Packets of one transport flow, oriented client -> server. {@code handshakes}: TCP SYNs seen. */
    void flow(String input, long time, String client, String server, int port, String transport, long packets,
              long bytes, int handshakes);

    /** A TLS ClientHello (server name may be null when the client sent none). */
    void tls(String input, long time, String client, String server, int port, String sni, String version, String alpn);

    /** A cleartext HTTP request. */
    void http(String input, long time, String client, String server, int port, String method, String host, String url,
              String userAgent);

    /** A name the capture itself says an address had (DNS answer, pcapng name resolution block). */
    void resolved(String ip, String name);

    /** Something read only in part; kept as a warning of the input. */
    void warn(String input, String message);
}
