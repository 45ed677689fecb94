package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IocsCommandTest {
    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(System.out, true));
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int status = cl.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static final String STIX = """
            {"type": "bundle", "objects": [
              {"type": "malware", "id": "malware--1", "name": "Local"},
              {"type": "indicator", "id": "indicator--1", "pattern_type": "stix", "pattern": "[domain-name:value = 'local-evil.com' OR process:name = 'evild']"},
              {"type": "indicator", "id": "indicator--2", "pattern_type": "stix", "pattern": "[file:name = 'a' AND file:size = 1]"}]}
            """;

    @Test
    void listGivenFileAsJson(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("local.stix2");
        Files.writeString(f, STIX);
        Run r = run("iocs", "list", "--iocs", f.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertThat(j.get("indicators").asInt()).isEqualTo(2);
        assertThat(j.get("by_type").get("domain-name:value").asInt()).isEqualTo(1);
        assertThat(j.get("by_collection").get("Local").asInt()).isEqualTo(2);
        assertThat(j.get("sources").get(0).get("warnings").get(0).asText()).contains("indicator--2").contains("AND");
    }

    @Test
    void listDefaultsShowsBundledSet(@TempDir Path home) {
        Run r = run("iocs", "list", "--data-dir", home.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("bundled:amnesty-investigations/2021-07-18_nso/pegasus.stix2").contains("Pegasus")
                .contains("Updated set: none");
    }

    @Test
    void missingOrMalformedFileIsOneLineError(@TempDir Path dir) throws IOException {
        Run r = run("iocs", "list", "--iocs", dir.resolve("nope.stix2").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("vigil: indicator file not found: " + dir.resolve("nope.stix2"));
        Path bad = dir.resolve("bad.stix2");
        Files.writeString(bad, "{\"type\": \"bundle\", \"objects\": [");
        r = run("iocs", "list", "--iocs", bad.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("vigil: " + bad + ": malformed JSON");
    }

    @Test
    void updateFromLoopbackServer(@TempDir Path home) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", ex -> {
            String p = ex.getRequestURI().getPath();
            byte[] body = p.equals("/indicators.yaml") ? ("indicators:\n  - name: Local\n    download_url: " + base + "/local.stix2\n").getBytes(StandardCharsets.UTF_8)
                    : p.equals("/local.stix2") ? STIX.getBytes(StandardCharsets.UTF_8) : null;
            if (body == null) ex.sendResponseHeaders(404, -1);
            else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
            ex.close();
        });
        server.start();
        try {
            Run r = run("iocs", "update", "--data-dir", home.toString(), "--index-url", base + "/indicators.yaml");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("Downloaded 1 indicator files (2 indicators)");
            r = run("iocs", "list", "--data-dir", home.toString());
            assertThat(r.out()).contains("Updated set: ").contains("local.stix2");
            r = run("iocs", "update", "--data-dir", home.toString(), "--index-url", base + "/missing.yaml");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("HTTP 404");
            r = run("iocs", "update", "--data-dir", home.toString(), "--index-url", "http://example.org/x.yaml");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("only https://");
        } finally {
            server.stop(0);
        }
    }
}
