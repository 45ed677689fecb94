package dev.vigil.network.capture;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets for the wire-format parsers reached from packets: DNS messages (name
 * compression loops, counts claiming thousands of records), TLS ClientHello (extension
 * lengths), HTTP request heads. Package-private API, hence this package. They return null for
 * what they cannot read; they must never throw.
 */
class WireFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void dnsMessage(FuzzedDataProvider data) {
        int off = data.consumeInt(0, 16);
        byte[] b = data.consumeRemainingAsBytes();
        if (off > b.length) off = b.length;
        DnsMessage m = DnsMessage.parse(b, off, b.length - off, new IpText());
        if (m != null && (m.questions() == null || m.answers() == null)) throw new IllegalStateException("null lists");
    }

    @FuzzTest(maxDuration = "10s")
    void clientHello(FuzzedDataProvider data) {
        int off = data.consumeInt(0, 16);
        byte[] b = data.consumeRemainingAsBytes();
        if (off > b.length) off = b.length;
        ClientHello.parse(b, off, b.length - off);
    }

    @FuzzTest(maxDuration = "10s")
    void httpRequest(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        if (HttpRequest.looksLikeRequest(b, 0, b.length)) {
            int end = HttpRequest.headEnd(b, 0, b.length);
            if (end > 0) HttpRequest.parse(b, 0, end);
        }
    }
}
