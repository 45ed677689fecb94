package dev.vigil.cli;

import dev.vigil.core.ioc.IndicatorIndex;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSets;
import dev.vigil.core.ioc.IocSource;
import dev.vigil.core.ioc.IocStore;
import dev.vigil.core.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code vigil iocs list|update}: show and update the indicator sets. */
@Command(name = "iocs", mixinStandardHelpOptions = true,
        description = {"List or update the indicator sets.",
            "By default Vigil uses the indicators bundled with it plus the set downloaded by 'vigil iocs update'",
            "(kept in $VIGIL_HOME, else $XDG_DATA_HOME/vigil, else ~/.local/share/vigil)."},
        subcommands = {IocsCommand.ListCommand.class, IocsCommand.UpdateCommand.class})
public final class IocsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static IocStore store(Path dataDir) {
        return dataDir == null ? IocStore.userDefault() : new IocStore(dataDir);
    }

    /** JSON shape of one source in {@code vigil iocs list --json}. */
    record SourceInfo(String file, String sha256, String format, int indicators, Map<String, Long> by_type,
                      Map<String, Long> by_collection, List<String> warnings) {}

    record UpdatedSet(String folder, String index_url, String updated, int files) {}

    record Listing(List<SourceInfo> sources, int indicators, Map<String, Long> by_type, Map<String, Long> by_collection,
                   UpdatedSet updated_set) {}

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the indicator sources in use, with counts by type and by collection.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        IocOptions iocOptions = new IocOptions();

        @Option(names = "--data-dir", paramLabel = "DIR", description = "User data folder holding the updated set (default: $VIGIL_HOME, else $XDG_DATA_HOME/vigil, else ~/.local/share/vigil).")
        Path dataDir;

        @Option(names = "--json", description = "Print machine-readable JSON.")
        boolean json;

        @Option(names = {"-v", "--verbose"}, description = "Show every warning and every collection.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            Indicators iocs;
            UpdatedSet updated = null;
            if (iocOptions.iocs.isEmpty()) {
                IocStore store = store(dataDir);
                try {
                    iocs = Indicators.of(IocSets.defaultSources(store));
                    Optional<IocStore.Manifest> m = store.manifest();
                    if (m.isPresent()) {
                        updated = new UpdatedSet(store.currentSet().orElseThrow().toString(), m.get().indexUrl(), m.get().updated(), m.get().files().size());
                    }
                } catch (IOException e) {
                    throw new Errors.UserError(Errors.message(e));
                }
            } else {
                iocs = iocOptions.load();
            }
            Listing l = listing(iocs, updated);
            if (json) {
                System.out.println(Json.pretty().writeValueAsString(l));
            } else {
                print(System.out, l, iocOptions.iocs.isEmpty(), verbose);
            }
            return 0;
        }
    }

    static Listing listing(Indicators iocs, UpdatedSet updated) {
        List<SourceInfo> sources = new ArrayList<>();
        Map<String, Long> byType = new TreeMap<>(), byCollection = new TreeMap<>();
        int total = 0;
        for (IocSource s : iocs.sources()) {
            sources.add(new SourceInfo(s.file(), s.sha256(), s.format(), s.indicators().size(), s.countsByType(), s.countsByCollection(), s.warnings()));
            s.countsByType().forEach((k, v) -> byType.merge(k, v, Long::sum));
            s.countsByCollection().forEach((k, v) -> byCollection.merge(k, v, Long::sum));
            total += s.indicators().size();
        }
        return new Listing(sources, total, byType, byCollection, updated);
    }

    private static void print(PrintStream out, Listing l, boolean defaults, boolean verbose) {
        Ansi ansi = Ansi.AUTO;
        out.println(ansi.string("@|bold Indicator sources|@ (" + l.sources().size() + " files, " + l.indicators() + " indicators)"));
        out.printf("  %6s  %-15s %s%n", "count", "format", "file");
        for (SourceInfo s : l.sources()) {
            out.printf("  %6d  %-15s %s%s%n", s.indicators(), s.format(), Console.esc(s.file()),
                    s.sha256().isEmpty() ? "" : "  (sha256 " + s.sha256().substring(0, 12) + "...)");
            if (verbose) {
                out.println("      by type: " + join(s.by_type()));
                out.println("      by collection: " + Console.esc(join(s.by_collection())));
            }
            if (!s.warnings().isEmpty()) {
                out.println(ansi.string("      @|yellow " + s.warnings().size() + " warning(s)|@" + (verbose ? ":" : " (-v to show)")));
                if (verbose) for (String w : s.warnings()) out.println("        " + Console.esc(w));
            }
        }
        out.println();
        out.println(ansi.string("@|bold By type|@"));
        l.by_type().forEach((k, v) -> out.printf("  %-28s %6d%n", k, v));
        out.println();
        out.println(ansi.string("@|bold By collection|@" + (verbose || l.by_collection().size() <= 40 ? "" : " (40 largest; -v for all " + l.by_collection().size() + ")")));
        List<Map.Entry<String, Long>> cols = new ArrayList<>(l.by_collection().entrySet());
        if (!verbose && cols.size() > 40) {
            cols.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            cols = cols.subList(0, 40);
        }
        for (Map.Entry<String, Long> e : cols) out.printf("  %-40s %6d%n", Console.esc(e.getKey()), e.getValue());
        if (defaults) {
            out.println();
            if (l.updated_set() == null) {
                out.println("Updated set: none (bundled snapshot only; 'vigil iocs update' downloads the latest public sets)");
            } else {
                out.println("Updated set: " + l.updated_set().folder() + " (" + l.updated_set().files() + " files, updated " + l.updated_set().updated() + ")");
            }
        }
    }

    private static String join(Map<String, Long> m) {
        Map<String, Long> ordered = new LinkedHashMap<>(m);
        StringBuilder b = new StringBuilder();
        ordered.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Download the latest public indicator sets over HTTPS into the user data folder.",
                "Reads an MVT-style indicators.yaml index and fetches every file it lists; each file must parse",
                "before the new set replaces the old one. If any download fails, the previous set is kept."})
    static final class UpdateCommand implements Callable<Integer> {
        @Option(names = "--index-url", paramLabel = "URL", defaultValue = IndicatorIndex.DEFAULT_URL,
                description = "Index of indicator files to download (default: ${DEFAULT-VALUE}).")
        String indexUrl;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "User data folder (default: $VIGIL_HOME, else $XDG_DATA_HOME/vigil, else ~/.local/share/vigil).")
        Path dataDir;

        @Option(names = "--json", description = "Print the new set's manifest as JSON.")
        boolean json;

        @Option(names = {"-v", "--verbose"}, description = "Show every warning.")
        boolean verbose;

        @Option(names = "--no-retro-hunt", description = "Do not re-check the cases stored by 'vigil serve' in the data folder.")
        boolean noRetroHunt;

        @Override
        public Integer call() throws Exception {
            URI uri;
            try {
                uri = URI.create(indexUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new Errors.UserError("--index-url: not a valid URL: " + indexUrl, Errors.USAGE);
            }
            IocStore store = store(dataDir);
            IocStore.UpdateResult r;
            try {
                r = store.update(uri);
            } catch (IOException e) {
                throw new Errors.UserError(Errors.message(e));
            }
            if (json) {
                System.out.println(Json.pretty().writeValueAsString(r.manifest()));
                return 0;
            }
            int total = r.manifest().files().stream().mapToInt(IocStore.FileInfo::indicators).sum();
            System.out.println("Downloaded " + r.manifest().files().size() + " indicator files (" + total + " indicators) into " + r.set());
            for (IocStore.FileInfo f : r.manifest().files()) {
                System.out.printf("  %-60s %6d  %s%n", Console.esc(f.upstream()), f.indicators(), f.sha256().substring(0, 12));
            }
            if (!r.warnings().isEmpty()) {
                System.out.println(r.warnings().size() + " warning(s)" + (verbose ? ":" : " (-v to show)"));
                if (verbose) for (String w : r.warnings()) System.out.println("  " + Console.esc(w));
            }
            return retroHunt(store.dataDir());
        }

        /**
         * Re-checks every case of the local web app's store (if there is one in the data folder)
         * against the new set, from the stored records: no evidence is read again.
         */
        private int retroHunt(Path dir) {
            Path db = dir.resolve("cases.db");
            if (noRetroHunt || !java.nio.file.Files.isRegularFile(db)) return 0;
            try (var cases = dev.vigil.server.store.JdbcCaseStore.open("jdbc:sqlite:" + db)) {
                var summary = new dev.vigil.server.RetroHunt(cases).run(
                        dev.vigil.core.ioc.IocSets.defaults(dev.vigil.core.ioc.AllowList.none()), null);
                System.out.println("Retro-hunt of the stored cases: " + summary.text());
                for (String f : summary.failures()) System.out.println("  could not re-check " + Console.esc(f));
                return summary.newAlerts() > 0 ? 3 : 0;
            } catch (IOException | RuntimeException e) {
                throw new Errors.UserError("indicators updated, but the retro-hunt of " + db + " failed: " + Errors.message(e));
            }
        }
    }
}
