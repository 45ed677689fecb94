package dev.vigil.samples.android;

import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Encrypts to an age X25519 recipient (C2SP age v1, binary format) with the jagged library,
 * as AndroidQF does when given a public key ({@code .zip.age}). The demo identity is a public
 * test value, like the sample backup passwords.
 */
public final class AgeWriter {
    /** Demo identity (secret key) and its recipient (public key). Test values only. */
    public static final String IDENTITY = "AGE-SECRET-KEY-1H5HLU9E0HC3AJH6KAUNEWCGNY2P9NV8S2606PCZU037MZWKZW09SKHA40P";
    public static final String RECIPIENT = "age16q6qfnhud5whsdh2t3lk9ctl8ceyvm3ftjx7cd2lcxfnqqmrx54srunauk";

    private AgeWriter() {}

    public static byte[] encrypt(byte[] plain, String recipient) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WritableByteChannel ch = new StandardEncryptingChannelFactory().newEncryptingChannel(Channels.newChannel(out),
                List.of(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient)))) {
            ByteBuffer b = ByteBuffer.wrap(plain);
            while (b.hasRemaining()) ch.write(b);
        } catch (GeneralSecurityException e) {
            throw new IOException("age encryption failed", e);
        }
        return out.toByteArray();
    }

    /** Writes an identity file as age-keygen does. */
    public static Path identityFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, "# created: 2024-11-20T10:00:00Z\n# public key: " + RECIPIENT + "\n" + IDENTITY + "\n");
        return file;
    }
}
