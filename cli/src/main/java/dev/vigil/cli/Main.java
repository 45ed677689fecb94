package dev.vigil.cli;

import dev.vigil.core.run.EvidenceType;
import dev.vigil.core.run.EvidenceTypes;
import picocli.CommandLine;

import java.util.List;

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
        dev.vigil.core.evidence.Sqlite.keepNativeLibraryIn(dev.vigil.core.ioc.IocStore.userDefault().dataDir().resolve("cache"));
        try {
            CommandLine single = args.length > 0 ? checkCommandLine(args[0]) : null;
            if (single != null) {
                dev.vigil.core.util.Trace.log("command line ready");
                return single.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
            }
            CommandLine cl = commandLine();
            dev.vigil.core.util.Trace.log("command line ready");
            return cl.execute(args);
        } catch (OutOfMemoryError e) { // outside any module (opening a huge backup): one clear line, no stack trace
            System.err.println("vigil: ran out of memory (limit " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB); with the vigil launcher, run again with more, e.g. VIGIL_HEAP=2g");
            return Errors.FAILED;
        }
    }

    /**
     * The command line of one {@code check-*} command alone, when {@code name} is one: building
     * every command of the tool (picocli reads all their annotations) costs a cold JVM about
     * 0.2 s, a third of a small check. Same usage text, options, errors and exit codes.
     */
    static CommandLine checkCommandLine(String name) {
        List<EvidenceType> types = EvidenceTypes.all();
        dev.vigil.core.util.Trace.log("evidence types loaded");
        for (EvidenceType t : types) {
            if (!t.command().equals(name)) continue;
            CommandLine.Model.CommandSpec spec = CheckCommand.spec(t);
            spec.name("vigil " + t.command());
            spec.versionProvider(new VigilCommand.VersionProvider());
            CommandLine cl = new CommandLine(spec);
            cl.setExecutionExceptionHandler(new Errors());
            cl.setParameterExceptionHandler(new Errors());
            cl.setCaseInsensitiveEnumValuesAllowed(true);
            return cl;
        }
        return null;
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
