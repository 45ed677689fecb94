package dev.vigil.cli.ios;

import dev.vigil.cli.Errors;
import dev.vigil.cli.Passwords;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.ios.backup.BackupSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code vigil extract-key BACKUP}: derives the key of an encrypted backup from its password
 * once (the slow part: PBKDF2 with millions of iterations) and prints it as hex, so later
 * checks can use {@code --key-file} instead of the password.
 */
@Command(name = "extract-key", mixinStandardHelpOptions = true,
        description = {"Derive the key of an encrypted iPhone backup from its password and print it (hex).",
            "Save it to a file and give it to check-backup or decrypt-backup with --key-file to skip the slow derivation.",
            "The key opens the backup like the password does: keep it as secret."})
public final class ExtractKeyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup folder or zip.")
    Path backup;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from FILE (one trailing newline ignored); otherwise " + Passwords.ENV + " or a prompt.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(backup)) throw new Errors.UserError("no such file or folder: " + backup, Errors.USAGE);
        char[] pw = Passwords.supplier(passwordFile).get();
        if (pw == null) {
            throw new Errors.UserError("no password: set " + Passwords.ENV + ", use --password-file FILE, or run in a terminal to be asked", Errors.USAGE);
        }
        byte[] key;
        try {
            key = BackupSource.extractKey(backup, pw);
        } catch (EvidenceException e) {
            throw new Errors.UserError(e.getMessage());
        } finally {
            Arrays.fill(pw, '\0');
        }
        try {
            System.out.println(HexFormat.of().formatHex(key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return 0;
    }
}
