package dev.vigil.ios.modules.fs;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * WebKit website-data folders named after web origins ({@code https_example.com_0}: scheme,
 * host, port with 0 for the default), as WebKit wrote them through iOS 16. The origin is
 * rebuilt from the folder or file name and checked against URL and domain indicators; the
 * latest modification time of anything inside is the record's time.
 */
abstract class WebkitOrigins implements ArtifactModule {
    static final int MAX_ORIGINS = 100_000;

    /** Globs of the folders whose children are origins, e.g. {@code .../WebsiteData/IndexedDB}. */
    abstract List<String> roots();

    /** The origin part of a child name (a {@code .localstorage} file drops its extension). */
    String originName(String child) {
        for (String ext : new String[] {".localstorage-shm", ".localstorage-wal", ".localstorage-journal", ".localstorage"}) {
            if (child.endsWith(ext)) return child.substring(0, child.length() - ext.length());
        }
        return child;
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs");
    }

    @Override
    public List<String> paths() {
        return roots(); // folders: their listing is read, not the content of the files inside
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        TreeMap<String, Instant[]> origins = new TreeMap<>(); // origin folder or file -> latest modification
        boolean anyRoot = false;
        for (String root : roots()) {
            int depth = root.split("/").length;
            for (EvidenceFile f : ctx.source().find(root + "/**")) {
                anyRoot = true;
                String[] segs = f.path().split("/");
                // the first segment below the root that is named like an origin
                for (int i = depth; i < segs.length; i++) {
                    if (originUrl(originName(segs[i])) == null) continue;
                    String key = String.join("/", java.util.Arrays.copyOf(segs, i + 1));
                    Instant[] cur = origins.get(key);
                    if (cur == null) {
                        if (origins.size() >= MAX_ORIGINS) break;
                        cur = new Instant[1];
                        origins.put(key, cur);
                    }
                    Instant m = f.modified();
                    if (m != null && (cur[0] == null || m.isAfter(cur[0]))) cur[0] = m;
                    break;
                }
            }
        }
        if (!anyRoot) throw new ArtifactNotFoundException("no " + String.join(" or ", roots()));
        if (origins.size() >= MAX_ORIGINS) ctx.warn("more than " + MAX_ORIGINS + " origins: the rest were not recorded");
        if (origins.isEmpty()) ctx.warn("website data present but no folder or file named like an origin (scheme_host_port)");
        for (var e : origins.entrySet()) {
            String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            ctx.emit(Record.of("timestamp", e.getValue()[0], "folder", "/" + e.getKey(), "url", originUrl(originName(name))));
        }
    }

    /** {@code https_example.com_0} -> {@code https://example.com}; {@code http_host_8080} -> {@code http://host:8080}; null if not that shape. */
    static String originUrl(String name) {
        int first = name.indexOf('_');
        int last = name.lastIndexOf('_');
        if (first <= 0 || last <= first) return null;
        String scheme = name.substring(0, first);
        String host = name.substring(first + 1, last);
        String port = name.substring(last + 1);
        if (!scheme.matches("[a-z][a-z0-9+.-]{0,15}") || host.isEmpty() || !port.matches("[0-9]{1,5}")) return null;
        return scheme + "://" + host + ("0".equals(port) ? "" : ":" + port);
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        String url = r.str("url");
        if (url == null) return;
        Optional<Match> m = checker.indicators().url(url);
        m.ifPresent(match -> checker.ioc(r, match, "The web origin " + url + " (" + r.str("folder") + ")"));
    }

    @Override
    public String describe(Record r) {
        return "Website data of " + r.str("url") + " in " + r.str("folder");
    }
}
