package dev.vigil.ios.modules.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The latest iOS release of each major version, from a small dated table shipped in
 * resources ({@code ios-latest-versions.properties}). Used to tell whether a device was
 * up to date when its evidence was made; the table's date is always quoted, since newer
 * releases may have appeared since.
 */
public final class IosVersions {
    private static final IosVersions DEFAULT = load();

    private final String asOf;
    private final TreeMap<Integer, String> latest;

    private IosVersions(String asOf, TreeMap<Integer, String> latest) {
        this.asOf = asOf;
        this.latest = latest;
    }

    public static IosVersions bundled() {
        return DEFAULT;
    }

    private static IosVersions load() {
        Properties p = new Properties();
        try (InputStream in = IosVersions.class.getResourceAsStream("ios-latest-versions.properties")) {
            if (in == null) throw new IllegalStateException("ios-latest-versions.properties is missing");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TreeMap<Integer, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.matches("\\d+")) m.put(Integer.parseInt(k), p.getProperty(k).trim());
        }
        return new IosVersions(p.getProperty("as_of"), m);
    }

    public String asOf() {
        return asOf;
    }

    public Map<Integer, String> latest() {
        return java.util.Collections.unmodifiableMap(latest);
    }

    /**
     * Why a version is outdated.
     *
     * @param message       one sentence naming the table's date
     * @param behindOwnMajor true when even the last release of its own major version is newer
     */
    public record Outdated(String message, boolean behindOwnMajor) {}

    /** Why a version is outdated ("iOS 16.5 is older than 16.7.16, ..."), or empty when it is current. */
    public Optional<Outdated> outdated(String version) {
        int[] v = parse(version);
        if (v == null) return Optional.empty();
        String newest = latest.lastEntry().getValue();
        String sameMajor = latest.get(v[0]);
        if (v[0] > latest.lastKey()) return Optional.empty(); // newer than the table
        if (sameMajor != null && compare(v, parse(sameMajor)) < 0) {
            return Optional.of(new Outdated("iOS " + version + " is older than " + sameMajor + ", the last iOS " + v[0]
                    + " release, and than " + newest + ", the newest release (Vigil's table of " + asOf + ")", true));
        }
        if (v[0] < latest.lastKey()) {
            return Optional.of(new Outdated("iOS " + version + " is not the newest major version: " + newest
                    + " is (Vigil's table of " + asOf + ")", false));
        }
        return Optional.empty();
    }

    static int[] parse(String version) {
        if (version == null || !version.trim().matches("\\d{1,3}(\\.\\d{1,4}){0,3}")) return null;
        String[] parts = version.trim().split("\\.");
        int[] out = new int[4];
        for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i]);
        return out;
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < 4; i++) {
            if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
        }
        return 0;
    }
}
