package dev.vigil.android.source;

import dev.vigil.core.evidence.Custody;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.Glob;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An acquisition with nested evidence mounted under a folder prefix: an AndroidQF folder or
 * zip, its bugreport.zip under {@code bugreport/} and the content of its backup.ab under
 * {@code backup/}. Modules see one tree of logical paths; a nested source that could not be
 * opened is reported through {@link #problems()} and the rest stays readable.
 */
public final class CompositeSource implements EvidenceSource {
    private final EvidenceSource base;
    private final Map<String, EvidenceSource> mounts = new LinkedHashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();

    public CompositeSource(EvidenceSource base) {
        this.base = base;
    }

    /** Mounts a nested source under {@code prefix} (ending in "/"). */
    public CompositeSource mount(String prefix, EvidenceSource nested) {
        mounts.put(prefix, nested);
        return this;
    }

    /** Records why a nested piece of evidence could not be opened (shown by the modules that need it). */
    public void problem(String path, String message) {
        problems.put(path, message);
    }

    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    public EvidenceSource base() {
        return base;
    }

    public EvidenceSource mounted(String prefix) {
        return mounts.get(prefix);
    }

    @Override
    public String type() {
        return base.type();
    }

    @Override
    public String location() {
        return base.location();
    }

    @Override
    public List<EvidenceFile> find(String glob) throws IOException {
        List<EvidenceFile> out = new ArrayList<>(base.find(glob));
        Glob g = null;
        for (var m : mounts.entrySet()) {
            String prefix = m.getKey();
            String literal = Glob.of(glob).literalPrefix();
            if (!literal.startsWith(prefix) && !prefix.startsWith(literal)) continue;
            if (g == null) g = Glob.of(glob);
            Glob gg = g;
            m.getValue().walk(f -> {
                String p = prefix + f.path();
                if (gg.matches(p)) out.add(new EvidenceFile(p, f.size(), f.modified(), f.attributes()));
            });
        }
        out.sort(Comparator.comparing(EvidenceFile::path));
        return out;
    }

    @Override
    public InputStream open(EvidenceFile file) throws IOException {
        for (var m : mounts.entrySet()) {
            if (file.path().startsWith(m.getKey())) {
                String inner = file.path().substring(m.getKey().length());
                return m.getValue().open(new EvidenceFile(inner, file.size(), file.modified(), file.attributes()));
            }
        }
        return base.open(file);
    }

    @Override
    public void walk(Consumer<EvidenceFile> visitor) throws IOException {
        base.walk(visitor);
        for (var m : mounts.entrySet()) {
            m.getValue().walk(f -> visitor.accept(new EvidenceFile(m.getKey() + f.path(), f.size(), f.modified(), f.attributes())));
        }
    }

    @Override
    public Custody custody() {
        return base.custody();
    }

    @Override
    public boolean decrypted() {
        if (base.decrypted()) return true;
        for (EvidenceSource s : mounts.values()) if (s.decrypted()) return true;
        return false;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (EvidenceSource s : mounts.values()) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        base.close();
        if (first != null) throw first;
    }
}
