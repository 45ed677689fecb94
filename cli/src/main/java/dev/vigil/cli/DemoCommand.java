package dev.vigil.cli;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.AllowList;
import dev.vigil.core.ioc.IocSets;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceType;
import dev.vigil.core.run.EvidenceTypes;
import dev.vigil.samples.Sample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil demo}: builds every bundled sample acquisition (real formats, planted public
 * indicators), checks each with the bundled indicators, and prints where the results are.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Build sample acquisitions with planted public spyware indicators (Pegasus and others),",
            "check each with the bundled indicators, and show where the results are.",
            "The samples are made by Vigil's own builders; no real person's data is involved."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "vigil-demo",
            description = "Where to write samples/ and results/ (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--sample", paramLabel = "NAME", description = "Only this sample (see --list).")
    List<String> only;

    @Option(names = "--list", description = "List the samples and exit.")
    boolean list;

    @Option(names = "--json", description = "Print machine-readable summaries.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show details.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<Sample> samples = Sample.all();
        if (list) {
            for (Sample s : samples) System.out.printf("%-28s %-20s %s%n", s.name(), s.evidenceType(), s.description());
            return 0;
        }
        if (only != null) samples = samples.stream().filter(s -> only.contains(s.name())).toList();
        if (samples.isEmpty()) throw new Errors.UserError("no samples to build" + (only == null ? "" : " named " + only), Errors.USAGE);
        Indicators iocs = IocSets.defaults(AllowList.none());
        int worst = 0;
        for (Sample s : samples) {
            EvidenceType type = EvidenceTypes.byName(s.evidenceType())
                    .orElseThrow(() -> new Errors.UserError("sample " + s.name() + " needs evidence type " + s.evidenceType() + ", not in this build"));
            Path built = s.build(dir.resolve("samples").resolve(s.name()));
            System.err.println();
            System.err.println("== " + s.name() + ": " + s.description());
            if (s.password() != null) System.err.println("   (encrypted; the sample password is \"" + s.password() + "\")");
            CheckOptions opts = new CheckOptions().moduleTimeout(Duration.ofMinutes(10));
            if (s.password() != null) opts.password(() -> s.password().toCharArray());
            CheckCommand.OutputOptions out = new CheckCommand.OutputOptions();
            out.json = json;
            out.verbose = verbose;
            int status = CheckCommand.runCheck(type, List.of(built), opts, iocs, dir.resolve("results").resolve(s.name()), out);
            worst = Math.max(worst, status);
        }
        System.out.println();
        System.out.println("Demo done. Samples: " + dir.resolve("samples").toAbsolutePath() + "  Results: " + dir.resolve("results").toAbsolutePath());
        System.out.println("Open results/<sample>/report.html in a browser, or read alerts.json.");
        return 0;
    }
}
