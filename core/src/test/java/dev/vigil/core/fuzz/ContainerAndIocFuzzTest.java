package dev.vigil.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.TarSource;
import dev.vigil.core.evidence.ZipSource;
import dev.vigil.core.ioc.IndicatorIndex;
import dev.vigil.core.ioc.IocLoader;
import dev.vigil.core.ioc.IocSource;
import dev.vigil.core.ioc.StixPattern;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz targets for the IOC loaders (STIX 2 patterns and bundles, stalkerware YAML, indicator
 * indexes) and the archive readers (tar, tar.gz, zip written from fuzzed bytes to a temporary
 * file). The property: any input gives a result or a checked exception (IOException, or the
 * STIX pattern's own ParseException) — never an unchecked crash, never a name outside the archive.
 * Seeds (real-format, small) are in src/test/resources/dev/vigil/core/fuzz/ContainerAndIocFuzzTestInputs/.
 */
class ContainerAndIocFuzzTest {
    private static final Path TEMP;

    static {
        try {
            TEMP = Files.createTempDirectory("vigil-fuzz-");
            TEMP.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void stixPattern(FuzzedDataProvider data) {
        String pattern = data.consumeRemainingAsString();
        try {
            StixPattern.Expr e = StixPattern.parse(pattern);
            StixPattern.Result r = StixPattern.indicators(e);
            if (r.terms() == null || r.problems() == null) throw new IllegalStateException("null result");
        } catch (StixPattern.ParseException expected) {
            // a clear error for a malformed pattern
        }
    }

    @FuzzTest(maxDuration = "10s")
    void iocFile(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            IocSource s = IocLoader.parse(bytes, "fuzz.json", "fuzz.json");
            if (s.indicators() == null) throw new IllegalStateException("null indicators");
        } catch (IOException expected) {
            // not an indicator file, or a malformed one: named in one sentence
        }
        try {
            IndicatorIndex.parse(bytes, "indicators.yaml").entries();
        } catch (IOException expected) {
            // not an index
        }
    }

    @FuzzTest(maxDuration = "10s")
    void tarArchive(FuzzedDataProvider data) throws IOException {
        boolean hash = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        Path f = Files.createTempFile(TEMP, "fuzz", ".tar");
        try {
            Files.write(f, bytes);
            try (TarSource src = new TarSource(f, "fuzz", n -> n, List.of("**"), hash)) {
                readAll(src.find("**"), src::open);
            } catch (IOException expected) {
                // corrupt archive: one clear error
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void zipArchive(FuzzedDataProvider data) throws IOException {
        byte[] bytes = data.consumeRemainingAsBytes();
        Path f = Files.createTempFile(TEMP, "fuzz", ".zip");
        try {
            Files.write(f, bytes);
            try (ZipSource src = new ZipSource(f, "fuzz")) {
                readAll(src.find("**"), src::open);
            } catch (IOException expected) {
                // corrupt archive: one clear error
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    interface Opener {
        InputStream open(EvidenceFile f) throws IOException;
    }

    static void readAll(List<EvidenceFile> files, Opener opener) {
        byte[] buf = new byte[8192];
        for (EvidenceFile f : files) {
            String p = f.path();
            if (p.startsWith("/") || p.equals("..") || p.startsWith("../") || p.contains("/../") || p.endsWith("/..") || p.indexOf('\0') >= 0) {
                throw new IllegalStateException("entry escapes the archive: " + p);
            }
            try (InputStream in = opener.open(f)) {
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > 64L << 20) break;
                }
            } catch (IOException expected) {
                // this entry is unreadable; the others are still read
            }
        }
    }
}
