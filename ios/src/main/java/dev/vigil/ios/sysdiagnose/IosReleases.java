package dev.vigil.ios.sysdiagnose;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The latest iOS release for a device, when a table of releases is on the class path
 * (registered in {@code META-INF/services/dev.vigil.ios.sysdiagnose.IosReleases}; the
 * backup modules ship one). Without one, the device-info module records the version and
 * raises no outdated-iOS warning.
 */
public interface IosReleases {
    /** The latest iOS version for a device model (e.g. "iPhone14,2"), or empty when unknown. */
    Optional<String> latestFor(String model);

    /** The first registered table, if any. */
    static Optional<IosReleases> installed() {
        return ServiceLoader.load(IosReleases.class).findFirst();
    }

    /** Compares dotted versions numerically ("16.5" < "16.10" < "17"). */
    static int compare(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i]) : 0, q = i < y.length ? parse(y[i]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
