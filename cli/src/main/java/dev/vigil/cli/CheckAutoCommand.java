package dev.vigil.cli;

import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceType;
import dev.vigil.core.run.EvidenceTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil check PATH}: detects the kind of evidence and runs the matching check. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Detect what kind of evidence PATH is and check it (same as the matching check-* command "
                + "with default options). Encrypted evidence asks for its password as check-* does.")
public final class CheckAutoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "The evidence to check.")
    Path path;

    @Mixin
    IocOptions iocOptions = new IocOptions();

    @Mixin
    CheckCommand.OutputOptions output = new CheckCommand.OutputOptions();

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read a backup password from FILE.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(path)) throw new Errors.UserError("no such file or folder: " + path, Errors.USAGE);
        EvidenceType type = EvidenceTypes.detect(path).orElseThrow(() -> new Errors.UserError(
                path + " is not evidence Vigil recognises. Known kinds: "
                        + String.join(", ", EvidenceTypes.all().stream().map(t -> t.name() + " (" + t.command() + ")").toList()),
                Errors.USAGE));
        CheckOptions opts = new CheckOptions().moduleTimeout(Duration.ofMinutes(30)).password(Passwords.supplier(passwordFile));
        return CheckCommand.runCheck(type, List.of(path), opts, iocOptions.loadInBackground(), output.resolve(path), output);
    }
}
