package dev.vigil.ios.modules.fs;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.TarSource;
import dev.vigil.core.evidence.ZipSource;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks every entry of a filesystem dump once. A dump holds hundreds of thousands of files,
 * so it keeps as records only the notable ones, plus one summary record with counts:
 * <ul>
 *   <li>entries whose path or name matches a file indicator (at path boundaries), or one of
 *       whose path components equals a process indicator (Pegasus and peers hid binaries
 *       under names of their processes);</li>
 *   <li>regular files under {@code /private/var/db/} or {@code /private/var/tmp/} that are
 *       executables: executable mode bits, or (unless {@code --fast}) a Mach-O header read
 *       from their first bytes — those folders hold data, not programs, on a stock iPhone.</li>
 * </ul>
 * Stored results can be re-checked against new indicators, but only the entries recorded
 * here: new path indicators need the dump checked again.
 */
public final class Filesystem implements ArtifactModule {
    /** Most notable entries recorded; beyond, they are counted. */
    static final int MAX_RECORDS = 20_000;
    /** Most file headers read by the slow part. */
    static final int MAX_HEADER_READS = 200_000;
    static final List<String> WRITABLE_SYSTEM = List.of("private/var/db/", "private/var/tmp/");

    @Override
    public String slug() {
        return "filesystem";
    }

    @Override
    public String description() {
        return "Every file of the dump: paths, names and path components against indicators; executables in /private/var/db and /private/var/tmp";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of(); // walks the entry list; reads file heads only where the container allows random access
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceSource src = ctx.source();
        Indicators ind = ctx.indicators();
        boolean fast = ctx.flag("fast");
        long[] c = new long[8]; // files, symlinks, hardlinks, bytes, writable, notable, headerReads, dropped
        List<EvidenceFile> candidates = new ArrayList<>();
        List<Record> notable = new ArrayList<>();
        NameFilter filter = NameFilter.of(ind);
        src.walk(f -> {
            c[0]++;
            Map<String, Object> attrs = f.attributes();
            if (!attrs.isEmpty()) {
                if (attrs.containsKey("symlink")) c[1]++;
                if (attrs.containsKey("hardlink")) c[2]++;
            }
            if (f.size() > 0) c[3] += f.size();
            String p = f.path();
            boolean writable = p.startsWith(WRITABLE_SYSTEM.get(0)) || p.startsWith(WRITABLE_SYSTEM.get(1));
            String reason = filter.mayMatch(p) ? indicatorReason(ind, p) : null;
            if (writable) {
                c[4]++;
                if (reason == null && !isLink(f)) {
                    boolean readable = !fast && f.size() >= 4 && (!(src instanceof TarSource t) || !t.compressed() && !f.attributes().containsKey("sparse") || t.readable(f));
                    if (readable) candidates.add(f); // decided after the walk, from the file's first bytes
                    else if (isExecMode(f)) reason = "executable mode bits under /" + folderOf(p);
                }
            }
            if (reason != null) {
                if (notable.size() < MAX_RECORDS) notable.add(entry(f, reason));
                else c[7]++;
            }
        });
        if (c[0] == 0) throw new ArtifactNotFoundException("the dump holds no files");
        // The slow part: read the first 4 bytes of files in writable system folders, looking for Mach-O programs.
        if (!fast) {
            for (EvidenceFile f : candidates) {
                String reason = isExecMode(f) ? "executable mode bits under /" + folderOf(f.path()) : null;
                if (c[6] < MAX_HEADER_READS) {
                    c[6]++;
                    byte[] magic = src instanceof TarSource t ? t.head(f) : null; // a plain tar saw it in its pass
                    if (magic == null) {
                        try (InputStream in = head(src, f)) {
                            magic = in.readNBytes(4);
                        } catch (IOException e) {
                            ctx.warn(f.path() + ": " + e.getMessage());
                        }
                    }
                    if (magic != null && isMachO(magic)) reason = "Mach-O executable under /" + folderOf(f.path());
                } else if (c[6]++ == MAX_HEADER_READS) {
                    ctx.warn("more than " + MAX_HEADER_READS + " files in /private/var/db and /private/var/tmp: the rest were not opened");
                }
                if (reason != null) {
                    if (notable.size() < MAX_RECORDS) notable.add(entry(f, reason));
                    else c[7]++;
                }
            }
            if (src instanceof TarSource t && t.compressed() && c[4] > 0) {
                ctx.warn("compressed archive: files in /private/var/db and /private/var/tmp were judged by their mode bits, not their content");
            }
        }
        if (src instanceof TarSource t) for (String p : t.problems()) ctx.warn("archive: " + p);
        if (src instanceof TarSource t && !t.rejected().isEmpty()) ctx.warn(t.rejected().size() + " unsafe entry names were refused, e.g. " + t.rejected().get(0));
        if (src instanceof ZipSource z && !z.rejected().isEmpty()) ctx.warn(z.rejected().size() + " unsafe entry names were refused, e.g. " + z.rejected().get(0));
        if (c[7] > 0) ctx.warn(c[7] + " further notable entries were not recorded (limit " + MAX_RECORDS + ")");
        notable.sort(Comparator.comparing(r -> r.str("path")));
        for (Record r : notable) ctx.emit(r);
        ctx.emit(Record.of("kind", "summary", "files", c[0], "symlinks", c[1], "hardlinks", c[2], "bytes", c[3],
                "in_writable_system_folders", c[4], "notable", notable.size() + c[7], "heads_read", Math.min(c[6], MAX_HEADER_READS), "fast", fast));
    }

    /**
     * Opens a file to read its first bytes. In a folder the file is opened directly (read-only,
     * links not followed) rather than through the source, whose custody hashing would read
     * the whole file for a 4-byte look.
     */
    private static InputStream head(EvidenceSource src, EvidenceFile f) throws IOException {
        if (src instanceof dev.vigil.core.evidence.DirectorySource d) {
            java.nio.file.Path p = d.physical(f);
            if (p == null) throw new IOException("path leaves the evidence folder");
            return java.nio.file.Files.newInputStream(p, java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
        return src.open(f);
    }

    private static String folderOf(String p) {
        return p.substring(0, p.indexOf('/', 12) + 1);
    }

    private static boolean isLink(EvidenceFile f) {
        return f.attributes().containsKey("symlink") || f.attributes().containsKey("hardlink");
    }

    private static boolean isExecMode(EvidenceFile f) {
        Object m = f.attributes().get("mode");
        return m instanceof Number n && (n.intValue() & 0111) != 0 && (n.intValue() & 0170000) != 0040000 && !isLink(f);
    }

    /** Mach-O magic numbers (thin 32/64-bit either endianness, and fat binaries). */
    static boolean isMachO(byte[] h) {
        if (h.length < 4) return false;
        int be = (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
        return be == 0xfeedface || be == 0xfeedfacf || be == 0xcefaedfe || be == 0xcffaedfe || be == 0xcafebabe;
    }

    private static Record entry(EvidenceFile f, String reason) {
        Record r = Record.of("kind", "entry", "path", "/" + f.path(), "size", f.size(), "modified", f.modified(), "reason", reason);
        Object mode = f.attributes().get("mode");
        if (mode != null) r.put("mode", String.format("%o", ((Number) mode).intValue()));
        Object link = f.attributes().get("symlink");
        if (link instanceof String s && !s.equals("true")) r.put("symlink", s);
        return r;
    }

    /**
     * A necessary condition for {@link #indicatorReason}, cheap enough for every entry of a
     * dump: a path can match a file-path indicator (itself or an ancestor), a file-name
     * indicator or a process indicator (a component) only if one of its segments equals the
     * last segment of such an indicator. The segments of a folder are looked up once for all
     * the files in it (the walk is sorted); only entries that pass get the full check.
     */
    static final class NameFilter {
        /** Stripped last segments of path, file-name and process indicators; null: test every entry. */
        private final Set<String> names;
        /**
         * One bit per name, at its hash code: most entries' last segment is ruled out without
         * making a string of it (300,000 entries of a dump made 300,000 substrings).
         */
        private final long[] bits = new long[BITS / 64];
        private static final int BITS = 1 << 18;
        private String dir = null;
        private boolean dirHit;

        private NameFilter(Set<String> names) {
            this.names = names;
            if (names != null) for (String n : names) set(n.hashCode());
        }

        private static int bit(int hash) {
            return (hash ^ hash >>> 18) & (BITS - 1);
        }

        private void set(int hash) {
            int b = bit(hash);
            bits[b >>> 6] |= 1L << b;
        }

        static NameFilter of(Indicators ind) {
            if (ind.isEmpty()) return new NameFilter(Set.of());
            Set<String> names = new HashSet<>();
            for (var src : ind.sources()) {
                for (Indicator i : src.indicators()) {
                    if (i.value() == null) continue;
                    switch (i.type()) {
                        case PROCESS, FILE_NAME -> names.add(i.value().strip());
                        case FILE_PATH -> {
                            String v = i.value().strip();
                            while (v.endsWith("/")) v = v.substring(0, v.length() - 1);
                            String last = v.substring(v.lastIndexOf('/') + 1).strip();
                            if (last.isEmpty()) return new NameFilter(null); // "/" or alike: an ancestor of everything
                            names.add(last);
                        }
                        default -> { }
                    }
                }
            }
            return new NameFilter(names);
        }

        /** False when no indicator can match the logical path p. */
        boolean mayMatch(String p) {
            if (names == null) return true;
            if (names.isEmpty()) return false;
            int slash = p.lastIndexOf('/');
            if (dir == null || dir.length() != Math.max(slash, 0) || !p.startsWith(dir)) enter(p, slash);
            if (dirHit) return true;
            // the last segment, stripped as String.strip() does, and its String.hashCode()
            int from = slash + 1, to = p.length();
            while (from < to && Character.isWhitespace(p.charAt(from))) from++;
            while (to > from && Character.isWhitespace(p.charAt(to - 1))) to--;
            int h = 0;
            for (int i = from; i < to; i++) h = 31 * h + p.charAt(i);
            int b = bit(h);
            return (bits[b >>> 6] & 1L << b) != 0 && names.contains(p.substring(from, to));
        }

        /** A new folder: are any of its segments candidates? (kept out of the per-entry path) */
        private void enter(String p, int slash) {
            dir = slash < 0 ? "" : p.substring(0, slash);
            // aliases of /private/... (var/, tmp/, etc/): left to the full check
            dirHit = p.startsWith("var/") || p.startsWith("tmp/") || p.startsWith("etc/");
            int from = 0;
            while (from < dir.length() && !dirHit) {
                int end = dir.indexOf('/', from);
                if (end < 0) end = dir.length();
                dirHit = names.contains(dir.substring(from, end).strip());
                from = end + 1;
            }
        }
    }

    /** Why an entry is worth a record because of an indicator, or null. */
    static String indicatorReason(Indicators ind, String logical) {
        if (ind.isEmpty()) return null;
        String p = "/" + logical;
        if (ind.filePath(p).isPresent()) return "matches a file indicator";
        return component(ind, p).isPresent() ? "a path component matches a process indicator" : null;
    }

    /** A path component (not the whole path) equal to a process indicator. */
    public static Optional<Match> component(Indicators ind, String path) {
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            Optional<Match> m = ind.process(part);
            if (m.isPresent() && m.get().exact()) return m;
        }
        return Optional.empty();
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        if (!"entry".equals(r.str("kind"))) return;
        String path = r.str("path");
        Indicators ind = checker.indicators();
        Optional<Match> m = ind.filePath(path);
        if (m.isPresent()) {
            checker.ioc(r, m.get(), "The file " + path);
            return;
        }
        m = component(ind, path);
        if (m.isPresent()) {
            checker.ioc(Level.CRITICAL, r, m.get(), "A component of the path " + path,
                    "A folder or file named like a known spyware process is a strong sign, but a benign file may share a short name; look at the file.");
            return;
        }
        String reason = r.str("reason");
        if (reason != null && reason.startsWith("Mach-O")) {
            checker.alert(Level.HIGH, r, "Executable program in a data folder: " + path,
                    "The file starts with a Mach-O header and lies under /private/var/db/ or /private/var/tmp/, where a stock iPhone keeps data, not programs; Pegasus dropped its binaries in /private/var/db/com.apple.xpc.roleaccountd.staging/.",
                    "Some Apple or enterprise tools may leave programs there; check the file's name, signature and hash.");
        } else if (reason != null && reason.startsWith("executable mode")) {
            checker.alert(Level.MEDIUM, r, "File with executable permissions in a data folder: " + path,
                    "Files under /private/var/db/ and /private/var/tmp/ are normally data without execute permission.",
                    "Permission bits alone say little: look at the file's content.");
        }
    }

    @Override
    public String describe(Record r) {
        return "summary".equals(r.str("kind")) ? r.num("files", 0) + " files walked" : r.str("path") + " (" + r.str("reason") + ")";
    }

    @Override
    public List<dev.vigil.core.model.TimelineEvent> timeline(Record r) {
        String t = r.str("modified");
        if (t == null || !"entry".equals(r.str("kind"))) return List.of();
        return List.of(new dev.vigil.core.model.TimelineEvent(t, slug(), "file modified", describe(r)));
    }
}
