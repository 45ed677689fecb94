package dev.vigil.core.ioc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The bundled indicator set in parsed form, kept in the user's data folder: parsing the
 * 5 MB of STIX bundles costs every run about a second of CPU in a cold JVM, reading this
 * form a few milliseconds. An entry is used only when its key (Vigil's jar, by size and
 * time, and the sha256 of every bundled file it was parsed from) is the current one and its
 * own checksum holds; otherwise the files are parsed again and the entry rewritten. A cache
 * that cannot be read or written is ignored: it only ever saves time.
 */
final class ParsedCache {
    private static final int MAGIC = 0x56494331; // "VIC1"

    private ParsedCache() {}

    /** The cached sources for {@code key}, or null. */
    static List<IocSource> read(Path file, String key) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 256L << 20) return null;
            byte[] all = Files.readAllBytes(file);
            if (all.length < 36) return null;
            byte[] payload = Arrays.copyOfRange(all, 32, all.length);
            if (!Arrays.equals(sha256(payload), Arrays.copyOfRange(all, 0, 32))) return null;
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            if (in.readInt() != MAGIC || !in.readUTF().equals(key)) return null;
            int sources = in.readInt();
            List<IocSource> out = new ArrayList<>(Math.min(sources, 1024)); // counts come from a file: never trusted for sizes
            IndicatorType[] types = IndicatorType.values();
            for (int s = 0; s < sources; s++) {
                String name = in.readUTF(), sha = in.readUTF(), format = in.readUTF();
                int nw = in.readInt();
                List<String> warnings = new ArrayList<>(Math.min(nw, 1024));
                for (int i = 0; i < nw; i++) warnings.add(in.readUTF());
                int ni = in.readInt();
                List<Indicator> indicators = new ArrayList<>(Math.min(ni, 1 << 16));
                for (int i = 0; i < ni; i++) {
                    IndicatorType type = types[in.readUnsignedByte()];
                    String value = in.readUTF(), collection = in.readUTF(), source = in.readUTF();
                    String id = in.readBoolean() ? in.readUTF() : null;
                    indicators.add(new Indicator(type, value, collection, source, id));
                }
                out.add(new IocSource(name, sha, format, indicators, warnings));
            }
            return in.available() == 0 ? out : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Writes the sources for {@code key} (atomically; silently gives up when it cannot). */
    static void write(Path file, String key, List<IocSource> sources) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeUTF(key);
            out.writeInt(sources.size());
            for (IocSource s : sources) {
                out.writeUTF(s.file());
                out.writeUTF(s.sha256());
                out.writeUTF(s.format());
                out.writeInt(s.warnings().size());
                for (String w : s.warnings()) out.writeUTF(w);
                out.writeInt(s.indicators().size());
                for (Indicator i : s.indicators()) {
                    out.writeByte(i.type().ordinal());
                    out.writeUTF(i.value());
                    out.writeUTF(i.collection());
                    out.writeUTF(i.source());
                    out.writeBoolean(i.id() != null);
                    if (i.id() != null) out.writeUTF(i.id());
                }
            }
            out.flush();
            byte[] payload = bytes.toByteArray();
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".parsed-", ".tmp");
            try {
                byte[] all = new byte[32 + payload.length];
                System.arraycopy(sha256(payload), 0, all, 0, 32);
                System.arraycopy(payload, 0, all, 32, payload.length);
                Files.write(tmp, all);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            prune(file);
        } catch (IOException | RuntimeException e) {
            // a string over 64 KiB (writeUTF), a read-only home: no cache, nothing lost
        }
    }

    /** A key from the parts that decide the parsed result. */
    /** Entries older than the newest few go: each build of Vigil keys its own entry, and earlier builds rarely come back. */
    private static void prune(Path kept) throws IOException {
        List<Path> entries;
        try (var list = Files.list(kept.getParent())) {
            entries = list.filter(p -> p.getFileName().toString().startsWith("bundled-") && p.getFileName().toString().endsWith(".bin"))
                    .sorted(java.util.Comparator.comparing((Path p) -> {
                        try {
                            return Files.getLastModifiedTime(p).toMillis();
                        } catch (IOException e) {
                            return 0L;
                        }
                    }).reversed().thenComparing(Path::toString))
                    .toList();
        }
        for (int i = KEEP; i < entries.size(); i++) {
            if (!entries.get(i).equals(kept)) Files.deleteIfExists(entries.get(i));
        }
    }

    /** How many entries {@link #prune} keeps (other installations may share the folder). */
    static final int KEEP = 4;

    static String key(List<String> parts) {
        return HexFormat.of().formatHex(sha256(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
