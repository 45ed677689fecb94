package dev.vigil.ios.fs;

import dev.vigil.core.evidence.TarSource;
import dev.vigil.core.evidence.ZipSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What an iOS path holds, found cheaply (a few names): a filesystem dump (folder, .tar,
 * .tar.gz, .zip), an iTunes/Finder backup, or a sysdiagnose archive; and for a dump, the
 * prefix its entries carry ({@code filesystem1/}, {@code ./}, a top folder) so that logical
 * paths become {@code private/var/...}. Dumps of {@code /var} alone ({@code var/mobile/...})
 * are mapped to {@code private/var/...}, since {@code /var} is a link to {@code /private/var}.
 */
public record DumpLayout(Kind kind, Container container, Path root, String prefix) {
    public enum Kind { FS, BACKUP, SYSDIAGNOSE, UNKNOWN }

    public enum Container { FOLDER, TAR, ZIP, OTHER }

    /** How many entry names detection looks at in an archive. */
    static final int PEEK = 4000;

    /** The logical path of an entry name: prefix removed, {@code var/} mapped to {@code private/var/}. */
    public UnaryOperator<String> renamer() {
        String p = prefix;
        return n -> logical(n, p);
    }

    static String logical(String name, String prefix) {
        String n = name;
        if (!prefix.isEmpty()) {
            if (n.startsWith(prefix)) n = n.substring(prefix.length());
            else if (n.equals(prefix.substring(0, prefix.length() - 1))) return null; // the prefix folder itself
        }
        if (n.startsWith("var/")) n = "private/" + n;
        return n;
    }

    public static DumpLayout inspect(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return folder(path);
            if (!Files.isRegularFile(path)) return unknown(path, Container.OTHER);
            if (ZipSource.isZipFile(path)) return fromNames(path, Container.ZIP, ZipSource.peekNames(path, PEEK));
            if (TarSource.isGzip(path) || TarSource.isTar(path)) return fromNames(path, Container.TAR, TarSource.peekNames(path, PEEK));
        } catch (RuntimeException e) {
            // detection never throws
        }
        return unknown(path, Container.OTHER);
    }

    private static DumpLayout unknown(Path p, Container c) {
        return new DumpLayout(Kind.UNKNOWN, c, p, "");
    }

    private static DumpLayout folder(Path dir) {
        if (isBackupFolder(dir)) return new DumpLayout(Kind.BACKUP, Container.FOLDER, dir, "");
        if (Files.isDirectory(dir.resolve("private/var"), LinkOption.NOFOLLOW_LINKS)) return new DumpLayout(Kind.FS, Container.FOLDER, dir, "");
        if (isSysdiagnoseFolder(dir)) return new DumpLayout(Kind.SYSDIAGNOSE, Container.FOLDER, dir, "");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path child : s.sorted().limit(200).toList()) {
                if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) continue;
                if (Files.isDirectory(child.resolve("private/var"), LinkOption.NOFOLLOW_LINKS)) return new DumpLayout(Kind.FS, Container.FOLDER, child, "");
                if (isBackupFolder(child)) return new DumpLayout(Kind.BACKUP, Container.FOLDER, child, "");
                if (isSysdiagnoseFolder(child)) return new DumpLayout(Kind.SYSDIAGNOSE, Container.FOLDER, child, "");
            }
        } catch (IOException e) {
            return unknown(dir, Container.FOLDER);
        }
        return unknown(dir, Container.FOLDER);
    }

    static boolean isBackupFolder(Path dir) {
        return (Files.isRegularFile(dir.resolve("Manifest.db")) || Files.isRegularFile(dir.resolve("Manifest.mbdb")))
                && (Files.isRegularFile(dir.resolve("Manifest.plist")) || Files.isRegularFile(dir.resolve("Info.plist")));
    }

    static boolean isSysdiagnoseFolder(Path dir) {
        String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
        return n.startsWith("sysdiagnose_") || Files.isRegularFile(dir.resolve("ps.txt")) && Files.isDirectory(dir.resolve("system_logs.logarchive"));
    }

    /** Decides from the first entry names of an archive. */
    static DumpLayout fromNames(Path p, Container c, List<String> names) {
        if (names.isEmpty()) return unknown(p, c);
        for (String n : names) {
            String top = n.contains("/") ? n.substring(0, n.indexOf('/')) : n;
            if (top.startsWith("sysdiagnose_") || top.startsWith("sysdiagnose-")) return new DumpLayout(Kind.SYSDIAGNOSE, c, p, "");
        }
        for (String n : names) {
            String base = n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
            int depth = base.split("/").length;
            if (depth <= 2 && (base.endsWith("Manifest.db") || base.endsWith("Manifest.mbdb"))) return new DumpLayout(Kind.BACKUP, c, p, "");
        }
        for (String anchor : new String[] {"private/var/", "System/Library/", "var/mobile/"}) {
            for (String n : names) {
                int i = n.startsWith(anchor) ? 0 : n.indexOf("/" + anchor);
                if (i < 0) continue;
                String prefix = i == 0 ? "" : n.substring(0, i + 1);
                return new DumpLayout(Kind.FS, c, p, prefix);
            }
        }
        return unknown(p, c);
    }
}
