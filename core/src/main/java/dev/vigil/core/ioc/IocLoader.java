package dev.vigil.core.ioc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads indicator files: STIX 2.1 bundles ({@code .stix2}, {@code .json}), the Echap
 * stalkerware YAML ({@code ioc.yaml}, {@code watchware.yaml}) and MVT-style indicator indexes
 * ({@code indicators.yaml}, which list files to download and hold no indicators themselves).
 * The format is recognised from the content, not the name.
 *
 * <p>A malformed file is an {@link IOException} with one line naming the file and what is
 * wrong; an unusable pattern or entry inside a good file is a warning in its
 * {@link IocSource#warnings()} naming file and indicator id, never a silent skip.
 */
public final class IocLoader {
    /** Largest indicator file read (the biggest public set is about 5 MiB). */
    public static final long MAX_FILE_BYTES = 128L << 20;

    private static final ObjectMapper YAML;

    static {
        LoaderOptions opts = new LoaderOptions();
        opts.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, MAX_FILE_BYTES));
        opts.setMaxAliasesForCollections(50);
        opts.setNestingDepthLimit(64);
        YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(opts).build());
    }

    private IocLoader() {}

    /**
     * A file, or every {@code *.stix2}, {@code *.json}, {@code *.yaml} and {@code *.yml} in a
     * folder and its sub-folders, in sorted path order.
     */
    public static List<IocSource> load(Path fileOrDir) throws IOException {
        if (Files.isDirectory(fileOrDir)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(fileOrDir, 32)) {
                files = s.filter(Files::isRegularFile).filter(IocLoader::indicatorFileName)
                        .sorted((a, b) -> fileOrDir.relativize(a).toString().replace('\\', '/')
                                .compareTo(fileOrDir.relativize(b).toString().replace('\\', '/')))
                        .toList();
            }
            return Parallel.map(files, f -> loadFile(f, fileOrDir.relativize(f).toString().replace('\\', '/')));
        }
        if (!Files.exists(fileOrDir)) throw new java.nio.file.NoSuchFileException(fileOrDir.toString());
        return List.of(loadFile(fileOrDir, fileOrDir.getFileName().toString()));
    }

    static boolean indicatorFileName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".stix2") || n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    private static IocSource loadFile(Path file, String source) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) throw new IOException(file + ": too large for an indicator file (" + size + " bytes, limit " + MAX_FILE_BYTES + ")");
        return parse(Files.readAllBytes(file), file.toString(), source);
    }

    /** Reads at most {@link #MAX_FILE_BYTES} from a stream (bundled resources, downloads). */
    static byte[] readBounded(InputStream in, String display) throws IOException {
        byte[] b = in.readNBytes((int) MAX_FILE_BYTES + 1);
        if (b.length > MAX_FILE_BYTES) throw new IOException(display + ": too large for an indicator file (limit " + MAX_FILE_BYTES + " bytes)");
        return b;
    }

    /**
     * Parses the bytes of one indicator file.
     *
     * @param display the file as named in messages and in {@link IocSource#file()}
     * @param source  the short name written in each indicator ({@link Indicator#source()})
     */
    public static IocSource parse(byte[] bytes, String display, String source) throws IOException {
        String sha = sha256(bytes);
        int i = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) i = 3;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) i++;
        if (i == bytes.length) throw new IOException(display + ": empty file");
        String fallback = baseName(source);
        if (bytes[i] == '{') {
            byte[] json = i == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, i, bytes.length);
            StixLoader.Loaded l = StixLoader.load(json, display, source, fallback);
            return new IocSource(display, sha, "stix2", l.indicators(), l.warnings());
        }
        JsonNode root = readYaml(bytes, display);
        if (EchapLoader.accepts(root)) {
            StixLoader.Loaded l = EchapLoader.load(root, display, source);
            return new IocSource(display, sha, "echap-yaml", l.indicators(), l.warnings());
        }
        if (IndicatorIndex.accepts(root)) {
            IndicatorIndex idx = IndicatorIndex.of(root, display);
            List<String> w = new ArrayList<>(idx.warnings());
            return new IocSource(display, sha, "indicator-index", List.of(), w);
        }
        throw new IOException(display + ": not an indicator file (expected a STIX 2 bundle, a stalkerware ioc.yaml list or an indicators.yaml index)");
    }

    static JsonNode readYaml(byte[] bytes, String display) throws IOException {
        try {
            JsonNode n = YAML.readTree(bytes);
            if (n == null || n.isMissingNode()) throw new IOException(display + ": empty file");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new IOException(display + ": malformed YAML" + where + ": " + msg);
        }
    }

    private static String baseName(String source) {
        String n = source.substring(source.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value an indicator is stored with (lower case where its kind is case-insensitive,
     * IPs canonical), or null when the value cannot be an indicator of that type.
     */
    static String indicatorValue(IndicatorType type, String raw) {
        if (raw == null) return null;
        String v = raw.strip();
        if (v.isEmpty() || v.length() > 4096) return null;
        for (int i = 0; i < v.length(); i++) if (v.charAt(i) < 0x20) return null;
        return switch (type) {
            case DOMAIN -> Normalize.key(IndicatorType.DOMAIN, v);
            case IPV4 -> Normalize.isDottedQuad(v) ? Normalize.ip(v) : null;
            case IPV6 -> Normalize.ip(v);
            case URL -> Normalize.parseUrl(v) == null ? null : v;
            case EMAIL -> {
                String e = Normalize.key(IndicatorType.EMAIL, v);
                yield e != null && e.indexOf('@') > 0 && e.indexOf('@') < e.length() - 1 ? e : null;
            }
            case FILE_MD5, CERT_MD5 -> hexOfLength(v, 32);
            case FILE_SHA1, CERT_SHA1 -> hexOfLength(v, 40);
            case FILE_SHA256, CERT_SHA256 -> hexOfLength(v, 64);
            case FILE_PATH, PROCESS, FILE_NAME -> v;
            case APP_ID, PROFILE_ID, ANDROID_PROPERTY -> v.toLowerCase(Locale.ROOT);
        };
    }

    private static String hexOfLength(String v, int len) {
        String h = Normalize.hex(v);
        return h != null && h.length() == len ? h : null;
    }
}
