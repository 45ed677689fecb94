package dev.vigil.cli;

import dev.vigil.core.ioc.AllowList;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSets;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which indicators a command uses: --iocs (only those) or the bundled plus updated set. */
public final class IocOptions {
    @Option(names = "--iocs", paramLabel = "FILE|DIR",
            description = "Indicator file (STIX2 bundle, stalkerware ioc.yaml) or folder of them; repeatable. "
                    + "When given, only these are used; otherwise the bundled set plus the one from 'vigil iocs update'.")
    List<Path> iocs = new ArrayList<>();

    @Option(names = "--allowlist", paramLabel = "FILE",
            description = "Known false positives to silence: lines of '<type> <value> reason: <why>'.")
    Path allowList;

    /**
     * Starts loading the indicators on another thread and returns a supplier that waits for
     * them: a check opens its evidence (and asks for a password) meanwhile.
     */
    public java.util.function.Supplier<Indicators> loadInBackground() {
        var future = java.util.concurrent.CompletableFuture.supplyAsync(this::load,
                r -> Thread.ofPlatform().daemon().name("vigil-ioc-load").start(r));
        return () -> {
            try {
                return future.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw e;
            }
        };
    }

    public Indicators load() {
        try {
            AllowList allow = allowList == null ? AllowList.none() : AllowList.load(allowList);
            if (iocs.isEmpty()) return IocSets.defaults(allow);
            for (Path p : iocs) {
                if (!Files.exists(p)) throw new Errors.UserError("indicator file not found: " + p, Errors.USAGE);
            }
            return IocSets.load(iocs, allow);
        } catch (IOException e) {
            throw new Errors.UserError(Errors.message(e));
        }
    }
}
