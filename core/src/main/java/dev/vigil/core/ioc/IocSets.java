package dev.vigil.core.ioc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's indicators come from: by default the snapshot bundled in Vigil plus the set
 * downloaded by {@code vigil iocs update} (a downloaded file replaces the bundled copy of the
 * same upstream file); with {@code --iocs}, only the files and folders given. Nothing is
 * cached across processes: every run parses its files again (well under a second).
 */
public final class IocSets {
    private IocSets() {}

    /** The bundled snapshot plus the set downloaded by {@code vigil iocs update}. */
    public static Indicators defaults(AllowList allowList) throws IOException {
        return defaults(IocStore.userDefault(), allowList);
    }

    /** As {@link #defaults(AllowList)} with an explicit data folder. */
    public static Indicators defaults(IocStore store, AllowList allowList) throws IOException {
        return Indicators.of(defaultSources(store), allowList);
    }

    /** Updated set first (its indicators answer first), then the bundled files it does not replace. */
    public static List<IocSource> defaultSources(IocStore store) throws IOException {
        List<IocSource> out = new ArrayList<>(store.load());
        out.addAll(BundledIocs.load(store.upstreams(), store.dataDir().resolve("cache")));
        return out;
    }

    /** Only the given files and folders. */
    public static Indicators load(List<Path> filesOrDirs, AllowList allowList) throws IOException {
        return Indicators.of(sources(filesOrDirs), allowList);
    }

    public static List<IocSource> sources(List<Path> filesOrDirs) throws IOException {
        List<IocSource> out = new ArrayList<>();
        for (Path p : filesOrDirs) out.addAll(IocLoader.load(p));
        return out;
    }
}
