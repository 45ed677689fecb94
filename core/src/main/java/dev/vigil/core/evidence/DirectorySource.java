package dev.vigil.core.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A folder on disk (an extracted filesystem dump, an AndroidQF folder, an unzipped
 * bugreport). Logical paths are paths relative to the folder. Symbolic links are never
 * followed: a link is reported as an entry with attribute {@code symlink} and its target,
 * so nothing outside the folder is ever read.
 */
public class DirectorySource implements EvidenceSource {
    private final Path root;
    private final String type;
    private final Custody custody = new Custody();

    public DirectorySource(Path root, String type) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.type = type;
        if (!Files.isDirectory(this.root, LinkOption.NOFOLLOW_LINKS)) throw new NoSuchFileException(root + " is not a folder");
    }

    public Path root() {
        return root;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public List<EvidenceFile> find(String glob) throws IOException {
        Glob g = Glob.of(glob);
        String prefix = g.literalPrefix();
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolveInside(prefix.substring(0, slash));
        List<EvidenceFile> out = new ArrayList<>();
        if (start == null || !Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) return out;
        walkFrom(start, f -> {
            if (g.matches(f.path())) out.add(f);
        });
        out.sort(Comparator.comparing(EvidenceFile::path));
        return out;
    }

    @Override
    public void walk(Consumer<EvidenceFile> visitor) throws IOException {
        walkFrom(root, visitor);
    }

    private void walkFrom(Path start, Consumer<EvidenceFile> visitor) throws IOException {
        Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = logical(file);
                if (attrs.isSymbolicLink()) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(file).toString();
                    } catch (IOException e) {
                        target = "?";
                    }
                    visitor.accept(new EvidenceFile(rel, -1, attrs.lastModifiedTime().toInstant(), Map.of("symlink", target)));
                } else if (attrs.isRegularFile()) {
                    visitor.accept(new EvidenceFile(rel, attrs.size(), attrs.lastModifiedTime().toInstant()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // unreadable entries are skipped; the walk goes on
            }
        });
    }

    private String logical(Path file) {
        String rel = root.relativize(file).toString();
        return file.getFileSystem().getSeparator().equals("/") ? rel : rel.replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Resolves a logical path inside the folder, or null when it would leave it. */
    protected Path resolveInside(String logical) {
        Path p = root.resolve(logical).normalize();
        return p.startsWith(root) ? p : null;
    }

    @Override
    public InputStream open(EvidenceFile file) throws IOException {
        Path p = resolveInside(file.path());
        if (p == null) throw new IOException("path leaves the evidence folder: " + file.path());
        if (Files.isSymbolicLink(p)) throw new IOException("refusing to follow a symbolic link: " + file.path());
        InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        return custody.hashing(in, file.path(), file.size());
    }

    /** The real path of a logical file, for tools that need a file (never for decrypted data). */
    public Path physical(EvidenceFile file) {
        return resolveInside(file.path());
    }

    @Override
    public Custody custody() {
        return custody;
    }

    @Override
    public void close() {
        // nothing held open
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
