package dev.vigil.cli;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.module.CheckRunner;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOption;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;
import dev.vigil.core.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code vigil check-<type>}: one command per registered evidence type, built from the
 * type's declared options. Runs the check and writes the result folder.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
public final class CheckCommand implements Callable<Integer> {
    private final EvidenceType type;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "The evidence to check.")
    List<Path> paths = new ArrayList<>();

    @Mixin
    IocOptions iocOptions = new IocOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--module-timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "Give up on a module after this long; the others go on (default: ${DEFAULT-VALUE}).")
    long moduleTimeout;

    CheckCommand(EvidenceType type) {
        this.type = type;
    }

    /** The command spec for an evidence type, with its own options added. */
    static CommandSpec spec(EvidenceType type) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new CheckCommand(type));
        spec.name(type.command());
        spec.usageMessage().description(type.description());
        for (CheckOption o : type.options()) {
            OptionSpec.Builder b = OptionSpec.builder("--" + o.name()).description(o.description());
            switch (o.kind()) {
                case FLAG -> b.type(boolean.class).arity("0");
                case PATH -> b.type(Path.class).paramLabel("FILE");
                case VALUE -> b.type(String.class).paramLabel("VALUE");
            }
            spec.addOption(b.build());
        }
        if (type.usesPassword()) {
            spec.addOption(OptionSpec.builder("--password-file").type(Path.class).paramLabel("FILE")
                    .description("Read the backup password from FILE (one trailing newline is ignored). "
                            + "Otherwise it comes from the environment variable " + Passwords.ENV
                            + " or a prompt; never from the command line.").build());
        }
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        if (!type.multipleInputs() && paths.size() > 1) {
            throw new Errors.UserError(type.command() + " takes one path, got " + paths.size(), Errors.USAGE);
        }
        for (Path p : paths) {
            if (!Files.exists(p)) throw new Errors.UserError("no such file or folder: " + p, Errors.USAGE);
        }
        CheckOptions opts = new CheckOptions().moduleTimeout(Duration.ofSeconds(moduleTimeout));
        for (CheckOption o : type.options()) {
            Object v = spec.findOption("--" + o.name()).getValue();
            switch (o.kind()) {
                case FLAG -> opts.flag(o.name(), Boolean.TRUE.equals(v));
                case PATH -> opts.file(o.name(), (Path) v);
                case VALUE -> opts.flag(o.name(), (String) v);
            }
        }
        if (type.usesPassword()) {
            Path pf = spec.findOption("--password-file").getValue();
            opts.password(Passwords.supplier(pf));
        }
        Path out = output.resolve(paths.get(0));
        return runCheck(type, paths, opts, iocOptions.loadInBackground(), out, output);
    }

    static int runCheck(EvidenceType type, List<Path> paths, CheckOptions opts, Indicators iocs, Path out, OutputOptions output)
            throws IOException {
        return runCheck(type, paths, opts, () -> iocs, out, output);
    }

    static int runCheck(EvidenceType type, List<Path> paths, CheckOptions opts, java.util.function.Supplier<Indicators> iocs, Path out,
                        OutputOptions output) throws IOException {
        if (!output.json) System.err.println("Checking " + paths + " as " + type.name());
        dev.vigil.core.util.Trace.log("check command parsed");
        int total = type.modules(opts).size();
        AtomicInteger done = new AtomicInteger();
        Progress progress = new Progress(total, !output.json);
        CheckRunner.Listener listener = new CheckRunner.Listener() {
            @Override
            public void finished(ModuleResult r) {
                progress.step(done.incrementAndGet(), r.slug());
            }
        };
        Check.Outcome o;
        try {
            o = Check.run(type, paths, opts, iocs, out, Commands.commandLine(), listener);
        } catch (EvidenceException e) {
            progress.clear();
            throw new Errors.UserError(e.getMessage());
        }
        progress.clear();
        if (output.json) {
            System.out.println(Json.pretty().writeValueAsString(new Commands.Summary(o)));
        } else {
            Console.summary(System.out, o, output.verbose);
        }
        return o.exitStatus();
    }

    /** Options of every command that writes a result folder. */
    public static final class OutputOptions {
        @Option(names = {"-o", "--output"}, paramLabel = "DIR",
                description = "Result folder (default: ./vigil-results/<target>-<UTC time>).")
        Path output;

        @Option(names = "--json", description = "Print a machine-readable summary on stdout.")
        boolean json;

        @Option(names = {"-v", "--verbose"}, description = "Show details: warnings, all alerts, stack traces.")
        boolean verbose;

        Path resolve(Path target) {
            if (output != null) return output;
            String name = target.toAbsolutePath().normalize().getFileName() == null ? "evidence"
                    : target.toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            String time = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC));
            return Path.of("vigil-results", name + "-" + time);
        }
    }

    /** A one-line progress indicator on stderr when it is a terminal. */
    static final class Progress {
        private final int total;
        private final boolean enabled;

        Progress(int total, boolean enabled) {
            this.total = total;
            this.enabled = enabled && System.console() != null;
        }

        synchronized void step(int done, String slug) {
            if (!enabled) return;
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            System.err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " + String.format("%-30s", slug));
            System.err.flush();
        }

        synchronized void clear() {
            if (!enabled) return;
            System.err.print("\r" + " ".repeat(80) + "\r");
            System.err.flush();
        }
    }
}
