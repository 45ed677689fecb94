package dev.vigil.cli.serve;

import dev.vigil.cli.IocOptions;
import dev.vigil.server.store.CaseStore;
import dev.vigil.server.store.JdbcCaseStore;
import dev.vigil.server.store.PasswordHasher;
import dev.vigil.server.web.VigilServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vigil serve}: the local web app for helplines (cases, uploads, checks, reports,
 * retro-hunt), on 127.0.0.1 only, behind a random access token.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the local web app on 127.0.0.1: create cases, upload or point at evidence, run the",
            "right check automatically, watch it, browse alerts and timeline, download the report and results.",
            "It prints an address with a random access token; without the token nothing is served.",
            "Cases are kept in a SQLite file in the data folder, or in PostgreSQL for a team (--database).",
            "Team mode: create the first administrator with --create-admin NAME; then everyone logs in."})
public final class ServeCommand implements Callable<Integer> {
    public static final String ADMIN_PASSWORD_ENV = "VIGIL_ADMIN_PASSWORD";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8765", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--database", paramLabel = "JDBC_URL",
            description = "Case store: jdbc:postgresql://HOST/DB?user=..&password=.. for a team (default: a SQLite file in the data folder).")
    String database;

    @Option(names = "--data", paramLabel = "DIR", description = "Where cases, uploads and results are kept (default: the user data folder: $VIGIL_HOME, else $XDG_DATA_HOME/vigil, else ~/.local/share/vigil).")
    Path data;

    @Option(names = "--create-admin", paramLabel = "NAME",
            description = "Create an administrator account and exit. The password comes from $" + ADMIN_PASSWORD_ENV
                    + ", --password-file or a prompt; never from the command line.")
    String createAdmin;

    @Option(names = "--password-file", paramLabel = "FILE", description = "With --create-admin: read the password from FILE (one trailing newline ignored).")
    Path passwordFile;

    @Option(names = "--retro-hunt", description = "Re-check every stored case against the current indicators (e.g. after "
            + "'vigil iocs update'), from their stored records, mark the cases with new alerts, and exit.")
    boolean retroHunt;

    @Mixin
    IocOptions iocOptions = new IocOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = (data != null ? data : defaultDataDir()).toAbsolutePath();
        Files.createDirectories(dataDir);
        String url = database != null ? database : "jdbc:sqlite:" + dataDir.resolve("cases.db");
        JdbcCaseStore store;
        try {
            store = JdbcCaseStore.open(url);
        } catch (RuntimeException e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), "cannot open the case store " + JdbcCaseStore.redactUrl(url) + ": " + e.getMessage(), e);
        }
        if (createAdmin != null) {
            try (store) {
                char[] pw = adminPassword();
                if (pw == null) throw new CommandLine.ParameterException(spec.commandLine(), "no password given (set " + ADMIN_PASSWORD_ENV + ", use --password-file, or run in a terminal)");
                try {
                    store.createUser(createAdmin, CaseStore.Role.ADMIN, new PasswordHasher().hash(pw));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                } finally {
                    Arrays.fill(pw, '\0');
                }
                out.println("Administrator " + createAdmin + " created in " + store.url() + ". The web app now asks everyone to log in.");
                out.flush();
                return 0;
            }
        }
        if (retroHunt) {
            try (store) {
                dev.vigil.server.RetroHunt.Summary s = new dev.vigil.server.RetroHunt(store).run(iocOptions.load(), null);
                out.println("Retro-hunt: " + s.text());
                for (String f : s.failures()) out.println("  could not re-check " + f);
                out.flush();
                return s.newAlerts() > 0 ? 3 : 0;
            }
        }
        if (port < 0 || port > 65535) throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535");
        VigilServer server = VigilServer.start(new VigilServer.Config(port, dataDir, store, iocOptions::load));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            store.close();
            stop.countDown();
        }, "vigil-serve-stop"));
        out.println("Vigil web app: " + server.url());
        out.println("Open this address in a browser on this computer; it carries the access token (keep it private).");
        out.println("Mode: " + (store.hasUsers() ? "team (log in with your account)" : "local, single user") + " \u00b7 store: " + store.url() + " \u00b7 data: " + dataDir);
        out.println("Stop with Ctrl-C.");
        out.flush();
        stop.await();
        return 0;
    }

    /** The user data folder shared with the indicator store ($VIGIL_HOME, else $XDG_DATA_HOME/vigil, else ~/.local/share/vigil). */
    static Path defaultDataDir() {
        return dev.vigil.core.ioc.IocStore.userDefault().dataDir();
    }

    private char[] adminPassword() throws IOException {
        String env = System.getenv(ADMIN_PASSWORD_ENV);
        if (env != null && !env.isEmpty()) return env.toCharArray();
        if (passwordFile != null) return dev.vigil.cli.Passwords.fromFile(passwordFile);
        Console c = System.console();
        if (c == null) return null;
        char[] a = c.readPassword("Password for %s: ", createAdmin);
        char[] b = c.readPassword("Same password again: ");
        if (a == null || b == null || !Arrays.equals(a, b)) {
            if (a != null) Arrays.fill(a, '\0');
            if (b != null) Arrays.fill(b, '\0');
            throw new CommandLine.ParameterException(spec.commandLine(), "the passwords differ");
        }
        Arrays.fill(b, '\0');
        return a;
    }
}
