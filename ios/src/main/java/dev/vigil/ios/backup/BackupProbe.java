package dev.vigil.ios.backup;

import dev.vigil.core.run.EvidenceException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises what the user gave: a backup folder, a zip of one, or something else, which is
 * then named in one clear sentence (a filesystem dump: use check-fs; Manifest.mbdb: a
 * backup from before iOS 10; a folder of several backups: pick one).
 */
final class BackupProbe {
    private BackupProbe() {}

    /** True when the path looks like a backup (or a zip holding one): cheap, never throws. */
    static boolean looksLikeBackup(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return Files.isRegularFile(path.resolve("Manifest.db")) || Files.isRegularFile(path.resolve("Manifest.mbdb"))
                        || Files.isRegularFile(path.resolve("Manifest.plist")) && Files.isRegularFile(path.resolve("Info.plist"));
            }
            if (Files.isRegularFile(path) && isZip(path)) {
                try (BackupStore.Zip z = BackupStore.Zip.open(path)) {
                    return backupFolderInZip(z.names()) != null;
                }
            }
        } catch (IOException | RuntimeException | EvidenceException e) {
            return false;
        }
        return false;
    }

    static boolean isZip(Path file) {
        return dev.vigil.core.evidence.ZipSource.isZipFile(file);
    }

    /** Opens the store of a backup, or explains what the path is instead. */
    static BackupStore store(Path path) throws IOException, EvidenceException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) throw new EvidenceException("no such file or folder: " + path);
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            checkFolder(path);
            return new BackupStore.Dir(path);
        }
        if (Files.isRegularFile(path) && isZip(path)) {
            BackupStore.Zip z = BackupStore.Zip.open(path);
            try {
                String folder = backupFolderInZip(z.names());
                if (folder == null) throw new EvidenceException(path + " " + describeZip(z.names()));
                return z.at(folder);
            } catch (EvidenceException | RuntimeException e) {
                z.close();
                throw e;
            }
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.equals("Manifest.db") || name.equals("Info.plist") || name.equals("Manifest.plist")) {
            throw new EvidenceException(path + " is one file of a backup: give the backup folder " + path.toAbsolutePath().getParent());
        }
        if (name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            throw new EvidenceException(path + " is a tar archive, not an iOS backup; a filesystem dump is checked with: vigil check-fs");
        }
        throw new EvidenceException(path + " is not an iOS backup (a backup is a folder with Info.plist, Manifest.plist and Manifest.db, or a zip of one)");
    }

    private static void checkFolder(Path dir) throws EvidenceException, IOException {
        if (Files.isRegularFile(dir.resolve("Manifest.db"), LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isRegularFile(dir.resolve("Manifest.mbdb"))) {
            throw new EvidenceException(dir + " is a backup made by iOS 9 or older (Manifest.mbdb): backups from before iOS 10 are not supported");
        }
        if (looksLikeFilesystem(dir)) {
            throw new EvidenceException(dir + " looks like an iOS filesystem dump, not a backup: check it with vigil check-fs");
        }
        List<String> backups = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            int seen = 0;
            for (Path p : ds) {
                if (++seen > 10_000) break;
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(p.resolve("Manifest.db"), LinkOption.NOFOLLOW_LINKS)) {
                    backups.add(p.getFileName().toString());
                }
            }
        }
        if (!backups.isEmpty()) {
            backups.sort(null);
            throw new EvidenceException(dir + " holds " + backups.size() + " backup" + (backups.size() == 1 ? "" : "s")
                    + " in sub-folders; check one of them: " + String.join(", ", backups.subList(0, Math.min(5, backups.size())))
                    + (backups.size() > 5 ? ", ..." : ""));
        }
        if (Files.isRegularFile(dir.resolve("Info.plist")) || Files.isRegularFile(dir.resolve("Manifest.plist"))) {
            throw new EvidenceException(dir + " has backup property lists but no Manifest.db: the backup is incomplete (was it copied while iTunes/Finder was still writing?)");
        }
        throw new EvidenceException(dir + " is not an iOS backup: no Manifest.db (a backup folder holds Info.plist, Manifest.plist, Manifest.db and Status.plist)");
    }

    private static boolean looksLikeFilesystem(Path dir) {
        for (String p : new String[] {"private/var/mobile", "var/mobile", "private/var", "System/Library", "filesystem1/private/var"}) {
            if (Files.isDirectory(dir.resolve(p), LinkOption.NOFOLLOW_LINKS)) return true;
        }
        return false;
    }

    /** The folder inside a zip that holds the backup ("" for the root), or null. */
    static String backupFolderInZip(List<String> names) throws EvidenceException {
        String best = null;
        int bestDepth = Integer.MAX_VALUE;
        List<String> tied = new ArrayList<>();
        for (String n : names) {
            if (!(n.equals("Manifest.db") || n.endsWith("/Manifest.db"))) continue;
            int depth = n.split("/").length;
            String folder = n.length() == "Manifest.db".length() ? "" : n.substring(0, n.length() - "/Manifest.db".length());
            if (depth < bestDepth) {
                bestDepth = depth;
                best = folder;
                tied.clear();
                tied.add(folder);
            } else if (depth == bestDepth) {
                tied.add(folder);
            }
        }
        if (tied.size() > 1) {
            throw new EvidenceException("the zip holds " + tied.size() + " backups (" + String.join(", ", tied.subList(0, Math.min(5, tied.size())))
                    + "): unzip it or zip one backup at a time");
        }
        return best;
    }

    private static String describeZip(List<String> names) {
        boolean mbdb = false, fs = false;
        for (String n : names) {
            if (n.endsWith("Manifest.mbdb")) mbdb = true;
            if (n.startsWith("private/var/") || n.contains("/private/var/") || n.startsWith("var/mobile/")) fs = true;
        }
        if (mbdb) return "holds a backup made by iOS 9 or older (Manifest.mbdb): backups from before iOS 10 are not supported";
        if (fs) return "is a zip of an iOS filesystem dump, not a backup: check it with vigil check-fs";
        return "is a zip without an iOS backup in it (no Manifest.db)";
    }
}
