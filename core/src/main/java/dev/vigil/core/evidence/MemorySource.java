package dev.vigil.core.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Files held in memory under logical paths: decrypted content that must not reach the disk,
 * small archives nested in other evidence, and test fixtures.
 */
public final class MemorySource implements EvidenceSource {
    private final String type;
    private final String location;
    private final boolean decrypted;
    private final Map<String, byte[]> files = new TreeMap<>();
    private final Map<String, Instant> times = new TreeMap<>();
    private final Custody custody = new Custody();

    public MemorySource(String type, String location, boolean decrypted) {
        this.type = type;
        this.location = location;
        this.decrypted = decrypted;
    }

    public MemorySource put(String path, byte[] content) {
        return put(path, content, null);
    }

    public MemorySource put(String path, byte[] content, Instant modified) {
        files.put(path.startsWith("/") ? path.substring(1) : path, content);
        if (modified != null) times.put(path, modified);
        return this;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public boolean indexed() {
        return true;
    }

    @Override
    public List<EvidenceFile> find(String glob) {
        Glob g = Glob.of(glob);
        List<EvidenceFile> out = new ArrayList<>();
        for (var e : files.entrySet()) {
            if (g.matches(e.getKey())) out.add(new EvidenceFile(e.getKey(), e.getValue().length, times.get(e.getKey())));
        }
        return out;
    }

    @Override
    public InputStream open(EvidenceFile file) throws IOException {
        byte[] b = files.get(file.path());
        if (b == null) throw new IOException("not in " + location + ": " + file.path());
        return new ByteArrayInputStream(b);
    }

    @Override
    public void walk(Consumer<EvidenceFile> visitor) {
        for (var e : files.entrySet()) visitor.accept(new EvidenceFile(e.getKey(), e.getValue().length, times.get(e.getKey())));
    }

    @Override
    public Custody custody() {
        return custody;
    }

    @Override
    public boolean decrypted() {
        return decrypted;
    }

    @Override
    public void close() {
        files.clear();
    }
}
