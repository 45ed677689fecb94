package dev.vigil.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Turns failures into one clear line on stderr and the right exit status: 2 for usage errors,
 * 1 for everything else. Stack traces only with {@code -v}.
 */
public final class Errors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /** A failure whose message is already the whole story for the user. */
    public static final class UserError extends RuntimeException {
        final int status;

        public UserError(String message, int status) {
            super(message);
            this.status = status;
        }

        public UserError(String message) {
            this(message, FAILED);
        }
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = parsed.hasMatchedOption("-v") || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("-v"))
                || (parsed.subcommand() != null && parsed.subcommand().subcommand() != null && parsed.subcommand().subcommand().hasMatchedOption("-v"));
        err.println(cl.getColorScheme().errorText("vigil: " + message(ex)));
        if (verbose) ex.printStackTrace(err);
        else if (!(ex instanceof UserError)) err.println("(run with -v for details)");
        err.flush();
        return ex instanceof UserError u ? u.status : FAILED;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText("vigil: " + ex.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return USAGE;
    }

    static String message(Throwable ex) {
        if (ex instanceof UserError) return ex.getMessage();
        if (ex instanceof java.nio.file.NoSuchFileException n) return "no such file: " + n.getFile();
        if (ex instanceof java.nio.file.AccessDeniedException a) return "permission denied: " + a.getFile();
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }
}
