package dev.vigil.android.dumpsys;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The dumpsys text of an acquisition, split into its sections in ONE streaming pass and
 * shared by every dumpsys module of the run (they run in parallel; the first to ask reads,
 * the others wait for the same result). Only the sections some module reads are kept in
 * memory, each bounded; a 200 MB dumpsys.txt is never held whole.
 *
 * <p>Sources of dumpsys text: AndroidQF's {@code dumpsys.txt} (the output of {@code dumpsys}
 * with no argument), and a bugreport's main dumpstate file (named in {@code main_entry.txt},
 * else {@code bugreport-*.txt}), also when that bugreport is nested in an AndroidQF
 * acquisition under {@code bugreport/}. Sections begin with {@code DUMP OF SERVICE name:}
 * (Android 10+ adds a priority: {@code DUMP OF SERVICE CRITICAL name:} / {@code HIGH}) and end
 * at the next section, at the dumpsys trailer ({@code --------- 0.1s was the duration of
 * dumpsys name, ending at: ...}) or at a dumpstate header ({@code ------ TITLE (cmd) ------}).
 * Dumpstate sections such as {@code ------ SYSTEM PROPERTIES (getprop) ------} are kept
 * under the key {@code "dumpstate:SYSTEM PROPERTIES"}.
 */
public final class Dumpsys {
    /** The sections read by Vigil's modules. */
    public static final Set<String> WANTED = Set.of("accessibility", "package", "appops", "batterystats", "dbinfo",
            "platform_compat", "adb", "settings", "device_policy", "notification", "dumpstate:SYSTEM PROPERTIES");
    /** Largest section kept. */
    public static final int MAX_SECTION = 192 << 20;
    /** Largest total kept for one dump. */
    public static final long MAX_TOTAL = 320L << 20;

    /** One dumpsys text: where it came from, its kept sections, its header time and what was cut. */
    public record Dump(String file, Map<String, byte[]> sections, String dumpTime, List<String> warnings) {
        /** A section as text (UTF-8, malformed bytes replaced), or null when absent. */
        public String section(String name) {
            byte[] b = sections.get(name);
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        public boolean has(String name) {
            return sections.containsKey(name);
        }
    }

    /** The dumps of a source, or the error that prevented reading them. */
    public record Dumps(List<Dump> dumps, List<String> errors) {}

    private static final Map<EvidenceSource, Dumps> CACHE = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<EvidenceSource, Object> LOCKS = Collections.synchronizedMap(new WeakHashMap<>());

    private Dumpsys() {}

    /** The dumpsys texts of a source, read once per source. */
    public static Dumps of(EvidenceSource source) {
        Object lock = LOCKS.computeIfAbsent(source, s -> new Object());
        synchronized (lock) {
            Dumps d = CACHE.get(source);
            if (d == null) {
                d = read(source);
                CACHE.put(source, d);
            }
            return d;
        }
    }

    /** The files holding dumpsys text, in a stable order. */
    public static List<EvidenceFile> candidates(EvidenceSource source) throws IOException {
        List<EvidenceFile> out = new ArrayList<>();
        EvidenceFile qf = source.findOne("dumpsys.txt");
        if (qf != null) out.add(qf);
        for (String prefix : new String[] {"", "bugreport/"}) {
            EvidenceFile main = mainEntry(source, prefix);
            if (main != null) out.add(main);
        }
        return out;
    }

    private static EvidenceFile mainEntry(EvidenceSource source, String prefix) throws IOException {
        EvidenceFile me = source.findOne(prefix + "main_entry.txt");
        if (me != null && me.size() < 4096) {
            String name = new String(source.readAll(me, 4096), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty() && !name.contains("..")) {
                EvidenceFile f = source.findOne(prefix + name);
                if (f != null) return f;
            }
        }
        EvidenceFile f = source.findOne(prefix + "bugreport-*.txt");
        if (f == null) f = source.findOne(prefix + "dumpstate-*.txt");
        return f;
    }

    private static Dumps read(EvidenceSource source) {
        List<Dump> dumps = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<EvidenceFile> files;
        try {
            files = candidates(source);
        } catch (IOException e) {
            return new Dumps(List.of(), List.of("cannot list dumpsys files: " + e.getMessage()));
        }
        if (source instanceof dev.vigil.android.source.CompositeSource cs) {
            String p = cs.problems().get("bugreport.zip");
            if (p != null) errors.add(p);
        }
        for (EvidenceFile f : files) {
            try (InputStream in = source.open(f)) {
                dumps.add(split(f.path(), in, WANTED));
            } catch (IOException | RuntimeException e) {
                errors.add(f.path() + ": " + e.getMessage());
            }
        }
        return new Dumps(List.copyOf(dumps), List.copyOf(errors));
    }

    /** Splits one dumpsys/dumpstate text into sections, keeping those in {@code wanted}. */
    public static Dump split(String file, InputStream in, Set<String> wanted) throws IOException {
        Splitter sp = new Splitter(file, wanted);
        // Lines are found in place in a 1 MiB buffer (no per-byte copying); a kept line is
        // copied once, straight into its section. A line longer than the buffer is cut.
        byte[] buf = new byte[1 << 20];
        int len = 0;
        int n;
        boolean skipping = false; // inside the rest of a line that was already cut
        while ((n = in.read(buf, len, buf.length - len)) > 0) {
            int end = len + n, start = 0;
            for (int i = len; i < end; i++) {
                if (buf[i] != '\n') continue;
                if (skipping) skipping = false; // the tail of a cut line is dropped
                else sp.line(buf, start, i - start, false);
                start = i + 1;
            }
            len = end - start;
            if (start == 0 && len == buf.length) {
                // A line longer than the buffer: keep its first MiB once, drop the rest of it.
                if (!skipping) sp.line(buf, 0, len, true);
                skipping = true;
                len = 0;
            } else if (len > 0) {
                System.arraycopy(buf, start, buf, 0, len);
            }
        }
        if (len > 0 && !skipping) sp.line(buf, 0, len, false);
        return sp.done();
    }

    /** The state of one split: which section is being kept and how much was kept. */
    private static final class Splitter {
        final String file;
        final Set<String> wanted;
        final Map<String, ByteArrayOutputStream> kept = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        ByteArrayOutputStream current;
        String currentName;
        long total;
        String dumpTime;
        long lineNo;
        byte[] pendingSep;

        Splitter(String file, Set<String> wanted) {
            this.file = file;
            this.wanted = wanted;
        }

        void line(byte[] b, int off, int len, boolean cut) {
            lineNo++;
            if (len > 0 && b[off + len - 1] == '\r') len--;
            int kind = classify(b, off, len);
            if (kind == 0) {
                if (current == null) {
                    pendingSep = null;
                    return;
                }
                if (pendingSep != null) {
                    current.write(pendingSep, 0, pendingSep.length);
                    current.write('\n');
                    pendingSep = null;
                }
                if (current.size() + len > MAX_SECTION || total + current.size() + len > MAX_TOTAL) {
                    warnings.add("section " + currentName + " of " + file + " is larger than the in-memory limit and was cut at line " + lineNo);
                    current = null;
                    return;
                }
                current.write(b, off, len);
                current.write('\n');
                if (cut) warnings.add(file + ": line " + lineNo + " of section " + currentName + " is longer than 1 MiB and was cut");
                return;
            }
            if (kind == 3) {
                // "-----...-----" separator: ends the section only when a header follows
                pendingSep = java.util.Arrays.copyOfRange(b, off, off + len);
                return;
            }
            pendingSep = null;
            if (current != null) total += current.size();
            current = null;
            currentName = null;
            if (kind == 1 || kind == 4) {
                String name = kind == 1 ? serviceName(b, off, len) : "dumpstate:" + dumpstateTitle(b, off, len);
                if (name != null && wanted.contains(name)) {
                    currentName = name;
                    current = kept.computeIfAbsent(name, k -> new ByteArrayOutputStream());
                }
            }
            if (dumpTime == null && kind == 5) dumpTime = new String(b, off + 14, len - 14, StandardCharsets.UTF_8).strip();
        }

        Dump done() {
            Map<String, byte[]> sections = new LinkedHashMap<>();
            for (var e : kept.entrySet()) sections.put(e.getKey(), e.getValue().toByteArray());
            return new Dump(file, sections, dumpTime, List.copyOf(warnings));
        }
    }

    /**
     * 0 ordinary line; 1 "DUMP OF SERVICE"; 2 dumpsys trailer or other section end; 3 dash
     * separator; 4 dumpstate header "------ TITLE (cmd) ------"; 5 "== dumpstate: time".
     */
    static int classify(byte[] l, int off, int len) {
        if (len == 0) return 0;
        byte c = l[off];
        if (c == 'D') return startsWith(l, off, len, "DUMP OF SERVICE ") ? 1 : 0;
        if (c == '=') return startsWith(l, off, len, "== dumpstate: ") ? 5 : 0;
        if (c != '-') return 0;
        int dashes = 0;
        while (dashes < len && l[off + dashes] == '-') dashes++;
        if (dashes == len && len >= 40) return 3;
        if (dashes == 9 && len > 10 && l[off + 9] == ' ') return 2;
        if (dashes == 6 && len > 14 && l[off + 6] == ' ' && endsWith(l, off, len, " ------")) {
            String s = new String(l, off, len, StandardCharsets.UTF_8);
            return s.contains(" was the duration of ") ? 2 : 4;
        }
        return 0;
    }

    private static String serviceName(byte[] l, int off, int len) {
        String s = new String(l, off + 16, len - 16, StandardCharsets.UTF_8).strip();
        if (s.endsWith(":")) s = s.substring(0, s.length() - 1);
        for (String p : new String[] {"CRITICAL ", "HIGH ", "NORMAL "}) {
            if (s.startsWith(p)) s = s.substring(p.length());
        }
        return s.strip();
    }

    private static String dumpstateTitle(byte[] l, int off, int len) {
        String s = new String(l, off + 7, len - 14, StandardCharsets.UTF_8).strip();
        int p = s.lastIndexOf(" (");
        return p > 0 ? s.substring(0, p) : s;
    }

    private static boolean startsWith(byte[] l, int off, int len, String p) {
        if (len < p.length()) return false;
        for (int i = 0; i < p.length(); i++) if (l[off + i] != p.charAt(i)) return false;
        return true;
    }

    private static boolean endsWith(byte[] l, int off, int len, String p) {
        if (len < p.length()) return false;
        int o = off + len - p.length();
        for (int i = 0; i < p.length(); i++) if (l[o + i] != p.charAt(i)) return false;
        return true;
    }
}
