package dev.vigil.cli.report;

import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.report.html.HtmlReport;
import dev.vigil.core.report.html.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil report RESULTS_DIR}: (re)writes the readable report.html of a result folder. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the readable report (report.html) of a results folder: a plain-language verdict,",
            "what to do next, each alert explained, the timeline around the alerts, and what was checked.",
            "It is self-contained: it opens offline and prints to PDF."})
public final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RESULTS_DIR", description = "A folder written by a check command (with run.json).")
    Path dir;

    @Option(names = "--redact", description = "Hide message bodies, contacts, names, phone numbers and e-mail addresses "
            + "(for sharing). Indicator values, times and module names are kept.")
    boolean redact;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
            description = "Report language: en, fr or ar (Arabic, right to left). Default: ${DEFAULT-VALUE}.")
    String lang;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write it (default: RESULTS_DIR/report.html, or report-redacted.html with --redact).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!Messages.LANGUAGES.contains(lang)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown language '" + lang + "' (available: " + String.join(", ", Messages.LANGUAGES) + ")");
        }
        if (!Files.isRegularFile(dir.resolve(ResultWriter.RUN))) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + " is not a results folder (no " + ResultWriter.RUN + ")");
        }
        Path out = output != null ? output : dir.resolve(redact ? "report-redacted.html" : HtmlReport.FILE);
        HtmlReport.write(dir, new HtmlReport.Options(lang, redact), out);
        spec.commandLine().getOut().println(out.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
