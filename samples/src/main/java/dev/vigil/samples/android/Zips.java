package dev.vigil.samples.android;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Deterministic zips (fixed entry times, given order) and folders from a map of entries. */
public final class Zips {
    public static final Instant TIME = Instant.parse(DemoAndroid.ACQUIRED);

    private Zips() {}

    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        write(entries, b);
        return b.toByteArray();
    }

    public static void write(Map<String, byte[]> entries, OutputStream os) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setLastModifiedTime(FileTime.from(TIME));
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    public static void folder(Map<String, byte[]> entries, Path dir) throws IOException {
        for (var e : entries.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            Files.setLastModifiedTime(p, FileTime.from(TIME));
        }
    }
}
