package dev.vigil.cli;

import dev.vigil.core.run.EvidenceType;
import dev.vigil.core.run.EvidenceTypes;
import picocli.CommandLine;

/**
 * Entry point of the {@code vigil} command. Subcommands for each evidence type come from the
 * registered {@link EvidenceType}s, so a new evidence module appears here without change.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit status (0 ok, 1 failed, 2 usage, 3 serious alerts). */
    public static int run(String... args) {
        dev.vigil.core.util.Trace.log("main (JVM up " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms)");
        Commands.arguments(args);
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new VigilCommand());
        for (EvidenceType t : EvidenceTypes.all()) {
            if (!cl.getSubcommands().containsKey(t.command())) {
                cl.addSubcommand(t.command(), CheckCommand.spec(t));
            }
        }
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler(new Errors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
