package dev.vigil.network;

import dev.vigil.core.evidence.Custody;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.Glob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The files given to {@code check-network}: captures and logs, or folders of them (walked
 * without following symbolic links). Logical paths are the file names, or, for files in a
 * given folder, the folder's name and the path below it; names given twice get a number.
 * Read-only; every byte read is hashed into the custody log.
 */
public final class NetworkSource implements EvidenceSource {
    static final int MAX_FILES = 100_000;
    private final Map<String, Path> files = new TreeMap<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private final String location;
    private final Custody custody = new Custody();

    public NetworkSource(List<Path> paths) throws IOException {
        this.location = paths.size() == 1 ? paths.get(0).toString() : paths.toString();
        Set<String> used = new HashSet<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                String base = unique(abs.getFileName() == null ? "input" : abs.getFileName().toString(), used);
                Files.walkFileTree(abs, EnumSet.noneOf(FileVisitOption.class), 32, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        if (attrs.isRegularFile()) add(base + "/" + abs.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), file, attrs.size());
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else if (Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
                add(unique(abs.getFileName().toString(), used), abs, Files.size(abs));
            } else if (Files.isSymbolicLink(abs)) {
                throw new IOException(p + " is a symbolic link: give the file itself");
            } else {
                throw new NoSuchFileException(p.toString());
            }
        }
    }

    private void add(String logical, Path file, long size) throws IOException {
        if (files.size() >= MAX_FILES) throw new IOException("more than " + MAX_FILES + " input files");
        files.put(logical, file);
        sizes.put(logical, size);
    }

    private static String unique(String name, Set<String> used) {
        String n = name;
        for (int i = 2; !used.add(n); i++) n = name + " (" + i + ")";
        return n;
    }

    @Override
    public String type() {
        return NetworkEvidenceType.NAME;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public List<EvidenceFile> find(String glob) {
        Glob g = Glob.of(glob);
        List<EvidenceFile> out = new ArrayList<>();
        for (String k : files.keySet()) if (g.matches(k)) out.add(new EvidenceFile(k, sizes.get(k), null));
        return out;
    }

    @Override
    public InputStream open(EvidenceFile file) throws IOException {
        Path p = files.get(file.path());
        if (p == null) throw new IOException("not an input: " + file.path());
        return custody.hashing(Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), file.path(), file.size());
    }

    @Override
    public void walk(Consumer<EvidenceFile> visitor) {
        for (String k : files.keySet()) visitor.accept(new EvidenceFile(k, sizes.get(k), null));
    }

    @Override
    public Custody custody() {
        return custody;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
