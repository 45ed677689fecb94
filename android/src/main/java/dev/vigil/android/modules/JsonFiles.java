package dev.vigil.android.modules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.util.Json;

import java.io.IOException;

/** Reads a JSON artifact into a tree, bounded, with an error that names the file. */
final class JsonFiles {
    private JsonFiles() {}

    static JsonNode read(EvidenceSource src, EvidenceFile f, long max) throws IOException {
        try {
            return Json.MAPPER.readTree(src.readAll(f, max));
        } catch (JsonProcessingException e) {
            throw new IOException(f.path() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
