package dev.vigil.server.testing;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.evidence.Limits;
import dev.vigil.core.evidence.MemorySource;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test-only evidence type so the web app's flow is real end to end (detect, open, run a
 * module, check, store, report) before the iOS/Android samples are merged: a text file whose
 * first line is {@value #MAGIC}, then {@code time<TAB>sender<TAB>body} lines.
 */
public final class NotesEvidenceType implements EvidenceType {
    public static final String MAGIC = "VIGIL-TEST-NOTES 1";

    @Override
    public String name() {
        return "test-notes";
    }

    @Override
    public String command() {
        return "check-test-notes";
    }

    @Override
    public String description() {
        return "Test notes (test-only evidence type)";
    }

    @Override
    public boolean detect(Path path) {
        if (!Files.isRegularFile(path)) return false;
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(MAGIC.length());
            return MAGIC.equals(new String(head, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        if (!detect(path)) throw new EvidenceException(path + " is not a test notes file");
        try (InputStream in = Files.newInputStream(path)) {
            return new MemorySource(name(), path.toString(), false).put("notes/notes.tsv", Limits.readBounded(in, 64 << 20, "notes"));
        }
    }
}
