package dev.vigil.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Where a backup password comes from, in order: the environment variable
 * {@value #ENV}, a file given with {@code --password-file} (one trailing newline is not part
 * of the password), or a no-echo prompt when a terminal is attached. Never a command-line
 * argument, which other users could read in {@code ps}. Passwords are Unicode (UTF-8).
 */
public final class Passwords {
    public static final String ENV = "VIGIL_BACKUP_PASSWORD";

    private Passwords() {}

    public static Supplier<char[]> supplier(Path passwordFile) {
        return () -> {
            String env = System.getenv(ENV);
            if (env != null && !env.isEmpty()) return env.toCharArray();
            if (passwordFile != null) {
                try {
                    return fromFile(passwordFile);
                } catch (IOException e) {
                    throw new Errors.UserError("cannot read the password file " + passwordFile + ": " + Errors.message(e));
                }
            }
            Console c = System.console();
            if (c != null) return c.readPassword("Backup password: ");
            return null;
        };
    }

    /** Reads a password file as UTF-8, dropping one trailing "\n" or "\r\n". */
    public static char[] fromFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            int len = bytes.length;
            if (len > 0 && bytes[len - 1] == '\n') {
                len--;
                if (len > 0 && bytes[len - 1] == '\r') len--;
            }
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, len));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            Arrays.fill(cb.array(), '\0');
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
