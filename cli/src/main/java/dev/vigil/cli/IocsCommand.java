package dev.vigil.cli;

import picocli.CommandLine.Command;

/** {@code vigil iocs}: list and update indicator sets. PLACEHOLDER, completed by the IOC-engine work. */
@Command(name = "iocs", mixinStandardHelpOptions = true, description = "List or update the indicator sets.")
public final class IocsCommand implements Runnable {
    @Override
    public void run() {
        throw new Errors.UserError("not yet");
    }
}
