package dev.vigil.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.model.Record;
import dev.vigil.core.util.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@code <slug>.json} records file one record at a time: a JSON array with one
 * compact record a line, as readable in a diff or with grep as pretty JSON, and written as
 * the records come (a check streams them without keeping them).
 */
public final class RecordsFile implements AutoCloseable {
    private final OutputStream out;
    private final JsonGenerator json;
    private int count;

    public RecordsFile(Path file) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        json = Json.MAPPER.getFactory().createGenerator(out);
        json.setCodec(Json.MAPPER);
        json.setRootValueSeparator(null); // records are separated by ",\n" written here, not by a space
        json.writeRaw('[');
    }

    public void write(Record r) throws IOException {
        json.writeRaw(count == 0 ? "\n" : ",\n");
        r.writeJson(json);
        count++;
    }

    /** How many records were written. */
    public int count() {
        return count;
    }

    /** Ends the array and closes the file. */
    @Override
    public void close() throws IOException {
        try (out; json) {
            json.writeRaw(count == 0 ? "]\n" : "\n]\n");
        }
    }
}
