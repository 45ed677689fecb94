package dev.vigil.core.ioc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The indicator set downloaded by {@code vigil iocs update}, kept in the user data folder
 * ({@code $VIGIL_HOME}, else {@code $XDG_DATA_HOME/vigil}, else {@code ~/.local/share/vigil}):
 * <pre>
 * iocs/current              name of the set in use (replaced atomically)
 * iocs/sets/SET/            the files of one update, plus manifest.json
 *                           (url, upstream, sha256, bytes, date, indicator count per file)
 * </pre>
 * An update downloads the index and every file it lists into a new folder, checks that each
 * one parses and holds indicators, and only then switches {@code current} to it; if anything
 * fails the previous set stays in use untouched. Only HTTPS is used, except plain HTTP to a
 * loopback address (tests).
 */
public final class IocStore {
    public static final String ENV_HOME = "VIGIL_HOME";
    static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dataDir;

    public IocStore(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The store in the user's data folder. */
    public static IocStore userDefault() {
        return new IocStore(defaultDataDir(System.getenv(), System.getProperty("user.home")));
    }

    static Path defaultDataDir(Map<String, String> env, String home) {
        String v = env.get(ENV_HOME);
        if (v != null && !v.isBlank()) return Path.of(v);
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "vigil");
        return Path.of(home, ".local", "share", "vigil");
    }

    public Path dataDir() {
        return dataDir;
    }

    private Path iocsDir() {
        return dataDir.resolve("iocs");
    }

    /** One downloaded file as recorded in manifest.json. */
    public record FileInfo(String name, String url, String upstream, String file, String sha256, long bytes,
                           String downloaded, String format, int indicators) {}

    /** manifest.json of a set. */
    public record Manifest(@JsonProperty("index_url") String indexUrl, String updated, List<FileInfo> files) {}

    /** The folder of the set in use, if an update has been made. */
    public Optional<Path> currentSet() throws IOException {
        Path pointer = iocsDir().resolve("current");
        if (!Files.isRegularFile(pointer)) return Optional.empty();
        String name = Files.readString(pointer).strip();
        if (!safeName(name)) throw new IOException(pointer + ": invalid set name '" + name + "'");
        Path dir = iocsDir().resolve("sets").resolve(name);
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) throw new IOException(dir + ": indicator set without " + MANIFEST + "; run 'vigil iocs update' again");
        return Optional.of(dir);
    }

    public Optional<Manifest> manifest() throws IOException {
        Optional<Path> dir = currentSet();
        if (dir.isEmpty()) return Optional.empty();
        Path m = dir.get().resolve(MANIFEST);
        try {
            return Optional.of(JSON.readValue(m.toFile(), Manifest.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(m + ": malformed manifest: " + e.getOriginalMessage());
        }
    }

    /** Upstream names (owner/repo/path) of the current set's files: they replace the bundled copies. */
    public Set<String> upstreams() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        manifest().ifPresent(m -> m.files().forEach(f -> out.add(f.upstream())));
        return out;
    }

    /** The current set's sources, in manifest order, each checked against its recorded sha256. */
    public List<IocSource> load() throws IOException {
        Optional<Manifest> m = manifest();
        if (m.isEmpty()) return List.of();
        Path dir = currentSet().orElseThrow();
        return Parallel.map(m.get().files(), f -> {
            if (!safeName(f.file())) throw new IOException(dir.resolve(MANIFEST) + ": invalid file name '" + f.file() + "'");
            Path p = dir.resolve(f.file());
            byte[] bytes = Files.readAllBytes(p);
            IocSource s = IocLoader.parse(bytes, p.toString(), f.upstream());
            if (!s.sha256().equals(f.sha256())) throw new IOException(p + ": sha256 differs from " + MANIFEST + " (file changed since the update); run 'vigil iocs update' again");
            return s;
        });
    }

    /** What an update did. */
    public record UpdateResult(Path set, Manifest manifest, List<String> warnings) {}

    public UpdateResult update(URI indexUrl) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return update(indexUrl, client);
    }

    /**
     * Downloads the index and its files into a new set and makes it current. On any failure
     * the previous set is kept and the IOException lists every file that failed.
     */
    public UpdateResult update(URI indexUrl, HttpClient client) throws IOException {
        checkUrl(indexUrl);
        byte[] indexBytes = download(client, indexUrl);
        IndicatorIndex index = IndicatorIndex.parse(indexBytes, indexUrl.toString());
        if (index.entries().isEmpty()) throw new IOException(indexUrl + ": the index lists no usable indicator file; previous set kept");
        Files.createDirectories(iocsDir().resolve("sets"));
        Path tmp = Files.createTempDirectory(iocsDir().resolve("sets"), ".new-");
        boolean done = false;
        try {
            List<String> failures = new ArrayList<>();
            List<String> warnings = new ArrayList<>(index.warnings());
            List<FileInfo> files = new ArrayList<>();
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            int n = 0;
            Set<String> used = new LinkedHashSet<>();
            for (IndicatorIndex.Entry e : index.entries()) {
                n++;
                try {
                    checkUrl(e.url());
                    byte[] bytes = download(client, e.url());
                    IocSource s = IocLoader.parse(bytes, e.url().toString(), e.upstream());
                    if (s.indicators().isEmpty()) throw new IOException(e.url() + ": holds no usable indicator");
                    String file = String.format(Locale.ROOT, "%02d-%s", n, safeFileName(e.url()));
                    if (!used.add(file)) file = String.format(Locale.ROOT, "%02d-%d-%s", n, used.size(), safeFileName(e.url()));
                    Files.write(tmp.resolve(file), bytes);
                    files.add(new FileInfo(e.name(), e.url().toString(), e.upstream(), file, s.sha256(), bytes.length, now, s.format(), s.indicators().size()));
                    warnings.addAll(s.warnings());
                } catch (IOException ex) {
                    failures.add(e.name() + " (" + e.url() + "): " + ex.getMessage());
                }
            }
            if (!failures.isEmpty()) {
                throw new IOException("indicator update failed, previous set kept: " + String.join("; ", failures));
            }
            Manifest manifest = new Manifest(indexUrl.toString(), now, files);
            JSON.writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
            String name = "set-" + now.replace(":", "").replace("-", "") + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
            Path dest = iocsDir().resolve("sets").resolve(name);
            move(tmp, dest);
            Optional<Path> previous = currentSafe();
            Path pointerTmp = iocsDir().resolve(".current.tmp");
            Files.writeString(pointerTmp, name + "\n");
            move(pointerTmp, iocsDir().resolve("current"));
            done = true;
            prune(dest, previous.orElse(null));
            return new UpdateResult(dest, manifest, warnings);
        } finally {
            if (!done) deleteTree(tmp);
        }
    }

    private Optional<Path> currentSafe() {
        try {
            return currentSet();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps the new set and the one before it; removes older ones and leftovers. */
    private void prune(Path keep, Path previous) {
        try (Stream<Path> s = Files.list(iocsDir().resolve("sets"))) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                if (p.equals(keep) || p.equals(previous)) continue;
                deleteTree(p);
            }
        } catch (IOException ignored) {
            // Old sets left behind waste space but do no harm.
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        } catch (IOException ignored) {
            // best effort
        }
    }

    static boolean safeName(String n) {
        return n != null && !n.isEmpty() && n.length() < 200 && !n.startsWith(".") && n.chars().allMatch(c ->
                c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.');
    }

    private static String safeFileName(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        StringBuilder b = new StringBuilder();
        for (char c : last.toCharArray()) b.append(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' ? c : '_');
        String s = b.toString().replaceAll("^\\.+", "");
        if (s.isEmpty()) s = "indicators";
        return s.length() > 100 ? s.substring(s.length() - 100) : s;
    }

    /** HTTPS only; plain HTTP only to a loopback address. */
    static void checkUrl(URI url) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null) throw new IOException(url + ": not an absolute http(s) URL");
        if (scheme.equals("https")) return;
        if (scheme.equals("http") && loopback(url.getHost())) return;
        throw new IOException(url + ": only https:// URLs are allowed (plain http only to a loopback address)");
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return true;
        String ip = Normalize.ip(h);
        if (ip == null) return false; // never resolve names here
        try {
            return InetAddress.getByName(ip).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] download(HttpClient client, URI url) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(120))
                .header("User-Agent", "vigil-ioc-update").GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(url + ": interrupted");
        } catch (IOException e) {
            throw new IOException(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) throw new IOException(url + ": HTTP " + resp.statusCode());
            checkUrl(resp.uri()); // after redirects
            return IocLoader.readBounded(in, url.toString());
        }
    }
}
