package dev.vigil.android;

import dev.vigil.android.modules.AndroidTypes;
import dev.vigil.core.evidence.ZipSource;
import dev.vigil.core.evidence.DirectorySource;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** Android 16 intrusion logs exported from Advanced Protection: a folder or zip of NDJSON .txt files. */
public final class IntrusionLogsType implements EvidenceType {
    @Override
    public String name() {
        return AndroidTypes.INTRUSION_LOGS;
    }

    @Override
    public String command() {
        return "check-intrusion-logs";
    }

    @Override
    public String description() {
        return "Check Android intrusion logs (Advanced Protection export: a folder or zip of JSON-lines .txt files).";
    }

    static boolean looksLikeLog(Path p) {
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            char[] b = new char[200];
            int n = r.read(b);
            if (n <= 0) return false;
            String s = new String(b, 0, n).stripLeading();
            return s.startsWith("{\"dns_event\"") || s.startsWith("{\"connect_event\"") || s.startsWith("{\"security_event\"");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean detect(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.txt")) {
                    for (Path p : ds) if (looksLikeLog(p)) return true;
                }
                return false;
            }
            if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".txt")) return looksLikeLog(path);
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return new DirectorySource(path, name());
        if (Files.isRegularFile(path) && Detect.isZip(path)) return ZipSource.acquisition(path, name(), List.of());
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".txt")) {
            return new DirectorySource(path.toAbsolutePath().getParent(), name()) {
                @Override
                public List<dev.vigil.core.evidence.EvidenceFile> find(String glob) throws IOException {
                    return super.find(glob).stream().filter(f -> f.path().equals(path.getFileName().toString())).toList();
                }
            };
        }
        throw new EvidenceException(path + " is not an intrusion log folder, zip or .txt file");
    }
}
