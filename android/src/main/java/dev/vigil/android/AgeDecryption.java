package dev.vigil.android;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import dev.vigil.core.run.EvidenceException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decrypts an age-encrypted AndroidQF acquisition (C2SP age v1, X25519 recipients) in
 * memory, with the jagged library: the identity file holds one or more
 * "AGE-SECRET-KEY-1..." lines (comments start with "#"). The plaintext never touches disk.
 */
public final class AgeDecryption {
    /** Largest plaintext kept in memory. */
    public static final long MAX_PLAINTEXT = (long) Integer.MAX_VALUE - 64;
    static final byte[] MAGIC = "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);

    private AgeDecryption() {}

    public static boolean isAge(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The identities of an age identity file. */
    public static List<RecipientStanzaReader> identities(Path identityFile) throws EvidenceException {
        List<RecipientStanzaReader> out = new ArrayList<>();
        try {
            if (Files.size(identityFile) > 1 << 20) throw new EvidenceException(identityFile + " is too large to be an age identity file");
            for (String line : Files.readAllLines(identityFile, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                if (!s.startsWith("AGE-SECRET-KEY-1")) continue;
                out.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(s));
            }
        } catch (IOException e) {
            throw new EvidenceException("Cannot read the age identity file " + identityFile + ": " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new EvidenceException(identityFile + " holds an invalid age X25519 identity (AGE-SECRET-KEY-1...)");
        }
        if (out.isEmpty()) throw new EvidenceException(identityFile + " holds no age X25519 identity (a line AGE-SECRET-KEY-1...)");
        return out;
    }

    /** Decrypts {@code encrypted} into memory. */
    public static byte[] decrypt(Path encrypted, Path identityFile) throws EvidenceException, IOException {
        if (identityFile == null) {
            throw new EvidenceException(encrypted + " is encrypted with age: give the identity file with --age-identity FILE");
        }
        List<RecipientStanzaReader> ids = identities(identityFile);
        try (InputStream in = Files.newInputStream(encrypted);
             ReadableByteChannel ch = new StandardDecryptingChannelFactory().newDecryptingChannel(Channels.newChannel(in), ids)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long total = 0;
            while (ch.read(buf) >= 0) {
                buf.flip();
                total += buf.remaining();
                if (total > MAX_PLAINTEXT) throw new IOException(encrypted + ": decrypted size over the in-memory limit");
                out.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new EvidenceException("Cannot decrypt " + encrypted + " with the identity in " + identityFile
                    + ": wrong key, or the file was not encrypted to it (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (e.getCause() instanceof GeneralSecurityException) {
                throw new EvidenceException("Cannot decrypt " + encrypted + ": the age payload is corrupt or truncated (" + e.getMessage() + ")");
            }
            throw e;
        }
    }
}
