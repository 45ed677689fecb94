package dev.vigil.core.ioc;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code vigil iocs update} against a local HTTP server on the loopback interface. */
class IocStoreTest {
    HttpServer server;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static String bundle(String domain) {
        return """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "malware", "id": "malware--1", "name": "Served"},
                  {"type": "indicator", "id": "indicator--1", "pattern_type": "stix", "pattern": "[domain-name:value = '%s']"}]}
                """.formatted(domain);
    }

    void serveIndex(String... paths) {
        StringBuilder b = new StringBuilder("indicators:\n");
        for (String p : paths) b.append("  - name: Set ").append(p).append("\n    download_url: ").append(base).append(p).append('\n');
        files.put("/indicators.yaml", b.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void updateDownloadsValidatesAndSwitches(@TempDir Path home) throws IOException {
        files.put("/a.stix2", bundle("first-evil.com").getBytes(StandardCharsets.UTF_8));
        files.put("/sub/b.stix2", bundle("second-evil.com").getBytes(StandardCharsets.UTF_8));
        serveIndex("/a.stix2", "/sub/b.stix2");
        IocStore store = new IocStore(home);
        assertThat(store.currentSet()).isEmpty();
        assertThat(store.load()).isEmpty();

        IocStore.UpdateResult r = store.update(URI.create(base + "/indicators.yaml"));
        assertThat(r.manifest().files()).hasSize(2);
        IocStore.FileInfo f = r.manifest().files().get(0);
        assertThat(f.url()).isEqualTo(base + "/a.stix2");
        assertThat(f.sha256()).isEqualTo(IocLoader.sha256(files.get("/a.stix2")));
        assertThat(f.indicators()).isEqualTo(1);
        assertThat(f.downloaded()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Files.readString(r.set().resolve(IocStore.MANIFEST))).contains("\"index_url\"").contains(f.sha256());
        assertThat(store.currentSet()).contains(r.set());

        List<IocSource> loaded = store.load();
        assertThat(loaded).hasSize(2);
        Indicators iocs = IocSets.defaults(store, AllowList.none());
        assertThat(iocs.domain("x.first-evil.com")).isPresent();
        assertThat(iocs.domain("second-evil.com")).isPresent();
        // bundled snapshot still there
        assertThat(iocs.sources()).extracting(IocSource::file).anyMatch(s -> s.startsWith("bundled:"));

        // a second update replaces the set; only the new one and the previous one are kept
        files.put("/a.stix2", bundle("third-evil.com").getBytes(StandardCharsets.UTF_8));
        IocStore.UpdateResult r2 = store.update(URI.create(base + "/indicators.yaml"));
        assertThat(store.currentSet()).contains(r2.set());
        Indicators updated = Indicators.of(store.load());
        assertThat(updated.domain("third-evil.com")).isPresent();
        assertThat(updated.domain("first-evil.com")).isEmpty();
        store.update(URI.create(base + "/indicators.yaml"));
        try (var s = Files.list(home.resolve("iocs").resolve("sets"))) {
            assertThat(s.toList()).hasSize(2);
        }
    }

    @Test
    void oneFailingFileKeepsThePreviousSet(@TempDir Path home) throws IOException {
        files.put("/a.stix2", bundle("first-evil.com").getBytes(StandardCharsets.UTF_8));
        serveIndex("/a.stix2");
        IocStore store = new IocStore(home);
        Path first = store.update(URI.create(base + "/indicators.yaml")).set();

        files.put("/a.stix2", bundle("changed-evil.com").getBytes(StandardCharsets.UTF_8));
        serveIndex("/a.stix2", "/missing.stix2");
        assertThatThrownBy(() -> store.update(URI.create(base + "/indicators.yaml")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("previous set kept")
                .hasMessageContaining("/missing.stix2: HTTP 404");
        assertThat(store.currentSet()).contains(first);
        Indicators kept = Indicators.of(store.load());
        assertThat(kept.domain("first-evil.com")).isPresent();
        assertThat(kept.domain("changed-evil.com")).isEmpty();

        // a file that downloads but does not parse also keeps the previous set
        files.put("/bad.stix2", "{\"type\": \"bundle\", \"objects\": [".getBytes(StandardCharsets.UTF_8));
        serveIndex("/a.stix2", "/bad.stix2");
        assertThatThrownBy(() -> store.update(URI.create(base + "/indicators.yaml"))).hasMessageContaining("bad.stix2").hasMessageContaining("malformed JSON");
        assertThat(store.currentSet()).contains(first);
        try (var s = Files.list(home.resolve("iocs").resolve("sets"))) {
            assertThat(s.toList()).containsExactly(first); // no leftovers
        }
    }

    @Test
    void tamperedFileIsRefused(@TempDir Path home) throws IOException {
        files.put("/a.stix2", bundle("first-evil.com").getBytes(StandardCharsets.UTF_8));
        serveIndex("/a.stix2");
        IocStore store = new IocStore(home);
        Path set = store.update(URI.create(base + "/indicators.yaml")).set();
        Path f = set.resolve(store.manifest().orElseThrow().files().get(0).file());
        Files.writeString(f, bundle("other.com"));
        assertThatThrownBy(store::load).hasMessageContaining("sha256 differs");
    }

    @Test
    void onlyHttpsOrLoopbackHttp(@TempDir Path home) {
        IocStore store = new IocStore(home);
        assertThatThrownBy(() -> store.update(URI.create("http://example.org/indicators.yaml")))
                .hasMessageContaining("only https:// URLs are allowed");
        assertThatThrownBy(() -> IocStore.checkUrl(URI.create("file:///etc/passwd"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> IocStore.checkUrl(URI.create("ftp://example.org/x"))).isInstanceOf(IOException.class);
        org.assertj.core.api.Assertions.assertThatCode(() -> {
            IocStore.checkUrl(URI.create("https://raw.githubusercontent.com/x"));
            IocStore.checkUrl(URI.create("http://127.0.0.1:8/x"));
            IocStore.checkUrl(URI.create("http://[::1]:8/x"));
            IocStore.checkUrl(URI.create("http://localhost:8/x"));
        }).doesNotThrowAnyException();
        assertThat(store.dataDir()).isEqualTo(home);
    }

    @Test
    void dataFolderResolution() {
        assertThat(IocStore.defaultDataDir(Map.of("VIGIL_HOME", "/v"), "/home/u")).isEqualTo(Path.of("/v"));
        assertThat(IocStore.defaultDataDir(Map.of("XDG_DATA_HOME", "/x"), "/home/u")).isEqualTo(Path.of("/x/vigil"));
        assertThat(IocStore.defaultDataDir(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/share/vigil"));
    }

    @Test
    void badIndexIsAClearError(@TempDir Path home) {
        files.put("/indicators.yaml", "nope: [".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new IocStore(home).update(URI.create(base + "/indicators.yaml"))).hasMessageContaining("malformed YAML");
        assertThatThrownBy(() -> new IocStore(home).update(URI.create(base + "/none.yaml"))).hasMessageContaining("HTTP 404");
    }
}
