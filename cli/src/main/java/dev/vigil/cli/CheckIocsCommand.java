package dev.vigil.cli;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.run.Check;
import dev.vigil.core.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil check-iocs RESULTS_DIR}: re-checks the records of an earlier run against
 * (new) indicators, without the evidence, and rewrites alerts.json and alerts_timeline.csv.
 */
@Command(name = "check-iocs", mixinStandardHelpOptions = true,
        description = {"Re-check the stored records of an earlier run against indicators, without re-reading the evidence.",
            "Rewrites alerts.json, alerts_timeline.csv and run.json in RESULTS_DIR (the previous alerts.json is kept as alerts.previous.json)."})
public final class CheckIocsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RESULTS_DIR", description = "A folder written by a check command.")
    Path dir;

    @Mixin
    IocOptions iocOptions = new IocOptions();

    @Mixin
    CheckCommand.OutputOptions output = new CheckCommand.OutputOptions();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(dir.resolve(ResultWriter.RUN))) {
            throw new Errors.UserError(dir + " is not a Vigil results folder (no run.json)", Errors.USAGE);
        }
        Indicators iocs = iocOptions.load();
        Check.Outcome o = Check.recheck(dir, iocs, Commands.commandLine());
        Path alerts = dir.resolve(ResultWriter.ALERTS);
        if (Files.exists(alerts)) Files.copy(alerts, dir.resolve("alerts.previous.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ResultWriter.writeAlerts(dir, o.result().alerts());
        ResultWriter.writeJson(dir.resolve(ResultWriter.RUN), o.info());
        for (Check.ResultHook h : Check.hooks()) h.written(dir, o.result(), o.info());
        if (output.json) System.out.println(Json.pretty().writeValueAsString(new Commands.Summary(o)));
        else Console.summary(System.out, o, output.verbose);
        return o.exitStatus();
    }
}
