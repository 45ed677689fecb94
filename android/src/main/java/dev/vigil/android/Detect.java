package dev.vigil.android;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/** Cheap, never-throwing looks at a path for the evidence types' detect(). */
final class Detect {
    private Detect() {}

    static boolean isZip(Path p) {
        return dev.vigil.core.evidence.ZipSource.isZipFile(p);
    }

    /** Entry names of a zip (central directory only), or empty. */
    static List<String> zipNames(Path p) {
        if (!Files.isRegularFile(p) || !isZip(p)) return List.of();
        try (ZipFile z = ZipFile.builder().setPath(p).get()) {
            List<String> out = new ArrayList<>();
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                out.add(e.getName());
                if (out.size() > 200_000) break;
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The folder holding a file matching {@code names}: the folder itself or one sub-folder. */
    static Path folderWith(Path dir, Predicate<String> names) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return null;
        if (has(dir, names)) return dir;
        Path found = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS) && has(c, names)) {
                    if (found != null) return null;
                    found = c;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return found;
    }

    private static boolean has(Path dir, Predicate<String> names) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) if (names.test(c.getFileName().toString())) return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static String base(String entry) {
        String n = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** The entry's depth below the root (0 = at the root). */
    static int depth(String entry) {
        String n = entry.startsWith("/") ? entry.substring(1) : entry;
        int d = 0;
        for (int i = 0; i < n.length() - 1; i++) if (n.charAt(i) == '/') d++;
        return d;
    }
}
