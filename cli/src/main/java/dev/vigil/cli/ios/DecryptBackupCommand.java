package dev.vigil.cli.ios;

import dev.vigil.cli.Errors;
import dev.vigil.cli.Passwords;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.ios.backup.BackupDecryptor;
import dev.vigil.ios.backup.BackupEvidenceType;
import dev.vigil.ios.backup.BackupSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil decrypt-backup BACKUP --output DIR}: writes a decrypted copy of an encrypted
 * backup, the only command that puts decrypted data on disk, and only where asked.
 */
@Command(name = "decrypt-backup", mixinStandardHelpOptions = true,
        description = {"Write a decrypted copy of an encrypted iPhone backup into a new or empty folder.",
            "The copy is a plain backup that Vigil and other tools can read. It holds the person's private data",
            "unprotected: keep it on encrypted storage and delete it when done. check-backup never needs it."})
public final class DecryptBackupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BACKUP", description = "The encrypted backup folder or zip.")
    Path backup;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
            description = "New or empty folder for the decrypted copy (never inside the backup).")
    Path output;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from FILE (one trailing newline ignored); otherwise " + Passwords.ENV + " or a prompt.")
    Path passwordFile;

    @Option(names = "--key-file", paramLabel = "FILE", description = "Use the key printed by 'vigil extract-key' instead of the password.")
    Path keyFile;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(backup)) throw new Errors.UserError("no such file or folder: " + backup, Errors.USAGE);
        CheckOptions opts = new CheckOptions().file(BackupEvidenceType.KEY_FILE, keyFile).password(Passwords.supplier(passwordFile));
        try {
            BackupDecryptor.checkOutput(backup, output);
            try (BackupSource s = BackupSource.open(backup, opts)) {
                if (!s.encrypted()) throw new Errors.UserError(backup + " is not encrypted: there is nothing to decrypt", Errors.USAGE);
                BackupDecryptor.Summary sum = BackupDecryptor.decrypt(s, backup, output);
                System.err.println("Decrypted " + sum.files() + " files (" + sum.bytes() + " bytes) into " + output
                        + (sum.missing() > 0 ? "; " + sum.missing() + " files listed in Manifest.db were missing from the backup" : ""));
                System.err.println("This copy holds private data unprotected: keep it safe and delete it when done.");
            }
        } catch (EvidenceException | IllegalArgumentException e) {
            throw new Errors.UserError(e.getMessage());
        }
        return 0;
    }
}
