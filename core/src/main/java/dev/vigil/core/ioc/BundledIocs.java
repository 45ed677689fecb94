package dev.vigil.core.ioc;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The indicator snapshot shipped inside Vigil ({@code dev/vigil/iocs/} on the class path),
 * listed in {@code manifest.tsv} so it loads without class-path scanning. Each file's
 * sha256 is checked against the manifest.
 */
public final class BundledIocs {
    static final String BASE = "dev/vigil/iocs/";
    static final String MANIFEST = BASE + "manifest.tsv";
    /** Prefix of {@link IocSource#file()} for bundled files. */
    public static final String PREFIX = "bundled:";

    /** One bundled file: resource path under dev/vigil/iocs/, sha256, upstream owner/repo/path. */
    public record Entry(String resource, String sha256, String upstream) {}

    private BundledIocs() {}

    public static List<Entry> manifest() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = resource(MANIFEST)) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                if (f.length != 3) throw new IOException(MANIFEST + ":" + n + ": expected 'resource<TAB>sha256<TAB>upstream'");
                out.add(new Entry(f[0], f[1], f[2]));
            }
        }
        return out;
    }

    /** Every bundled file except those whose upstream is in {@code replaced} (newer copies downloaded). */
    public static List<IocSource> load(Set<String> replaced) throws IOException {
        return load(replaced, null);
    }

    /**
     * {@link #load(Set)}, reusing the parsed form kept in {@code cacheDir} when Vigil runs from
     * its jar (the jar, by size and time, and the manifest's sha256 values make the key), and
     * keeping it there after a parse. Null {@code cacheDir}: always parse.
     */
    public static List<IocSource> load(Set<String> replaced, Path cacheDir) throws IOException {
        List<Entry> entries = manifest().stream().filter(e -> !replaced.contains(e.upstream())).toList();
        String key = cacheDir == null ? null : cacheKey(entries);
        Path file = key == null ? null : cacheDir.resolve("bundled-" + key.substring(0, 16) + ".bin");
        if (file != null) {
            List<IocSource> cached = ParsedCache.read(file, key);
            if (cached != null) return cached;
        }
        List<IocSource> parsed = parse(entries);
        if (file != null) ParsedCache.write(file, key, parsed);
        return parsed;
    }

    /** The cache key, or null when Vigil does not run from a jar (development builds change without notice). */
    private static String cacheKey(List<Entry> entries) {
        try {
            var src = BundledIocs.class.getProtectionDomain().getCodeSource();
            if (src == null) return null;
            Path jar = Path.of(src.getLocation().toURI());
            if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) return null;
            List<String> parts = new ArrayList<>();
            parts.add(jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis());
            for (Entry e : entries) parts.add(e.resource() + "|" + e.sha256() + "|" + e.upstream());
            return ParsedCache.key(parts);
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static List<IocSource> parse(List<Entry> entries) throws IOException {
        return Parallel.map(entries, e -> {
            byte[] bytes;
            try (InputStream in = resource(BASE + e.resource())) {
                bytes = IocLoader.readBounded(in, PREFIX + e.resource());
            }
            IocSource s = IocLoader.parse(bytes, PREFIX + e.resource(), e.resource());
            if (!s.sha256().equals(e.sha256())) {
                throw new IOException(PREFIX + e.resource() + ": sha256 " + s.sha256() + " differs from the manifest (" + e.sha256() + "); the installation is damaged");
            }
            return s;
        });
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BundledIocs.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException("bundled indicator resource missing: " + name);
        return in;
    }
}
