package dev.vigil.core.report;

import dev.vigil.core.model.Record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;

/**
 * The records of a module that a check has already written to its {@code <slug>.json} and let
 * go of, so that a run of several hundred thousand records does not hold them all in memory.
 * Its size is known; the records themselves are read back from the file only if something
 * asks for them (a redacted report, a test), and kept while memory allows.
 */
public final class SpilledRecords extends AbstractList<Record> {
    private final Path dir;
    private final String slug;
    private final int size;
    private SoftReference<List<Record>> loaded = new SoftReference<>(null);

    public SpilledRecords(Path dir, String slug, int size) {
        this.dir = dir;
        this.slug = slug;
        this.size = size;
    }

    /** The file that holds the records. */
    public Path file() {
        return dir.resolve(slug + ".json");
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Record get(int index) {
        return records().get(index);
    }

    private synchronized List<Record> records() {
        List<Record> l = loaded.get();
        if (l == null) {
            try {
                l = List.copyOf(ResultWriter.readRecords(dir, slug));
            } catch (IOException e) {
                throw new UncheckedIOException("the records of " + slug + " cannot be read back from " + file(), e);
            }
            if (l.size() != size) throw new IllegalStateException(file() + " holds " + l.size() + " records, not " + size);
            loaded = new SoftReference<>(l);
        }
        return l;
    }
}
