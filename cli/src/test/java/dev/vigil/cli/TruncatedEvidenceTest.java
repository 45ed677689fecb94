package dev.vigil.cli;

import dev.vigil.core.run.EvidenceTypes;
import dev.vigil.samples.Sample;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Truncated files of every kind: every sample (iOS backups plain and encrypted, filesystem
 * dump, sysdiagnose, bugreport, AndroidQF, encrypted adb backup, network captures and logs)
 * has every one of its files cut at 64 bytes, at half its length, and one byte short, and is
 * checked through the CLI. Never a crash or a stack trace: either the evidence as a whole is
 * refused in one clear line (status 1), or the check completes (0/3) with each module that
 * could not read its artifact saying why.
 */
class TruncatedEvidenceTest {
    @TempDir
    static Path tmp;

    enum Cut { HEADER_ONLY, HALF, ONE_BYTE_SHORT }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Sample s : Sample.all()) for (Cut c : Cut.values()) out.add(Arguments.of(s, c));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void truncatedEvidenceGivesAClearErrorNeverACrash(Sample sample, Cut cut) throws Exception {
        Path evidence = sample.build(tmp.resolve(sample.name() + "-" + cut));
        int cutFiles = truncateAll(evidence, cut);
        assertThat(cutFiles).isPositive();
        Path pw = tmp.resolve(sample.name() + ".pw");
        Files.writeString(pw, sample.password() == null ? "" : sample.password() + "\n");
        var type = EvidenceTypes.byName(sample.evidenceType()).orElseThrow();
        Path out = tmp.resolve("out-" + sample.name() + "-" + cut);
        List<String> args = new ArrayList<>(List.of(type.command(), evidence.toString(), "-o", out.toString()));
        if (type.usesPassword()) args.addAll(List.of("--password-file", pw.toString()));

        var r = CliRunner.run(args.toArray(String[]::new));
        String all = r.out() + r.err();
        assertThat(all).as(all).doesNotContain("\tat ").doesNotContain("Exception in").doesNotContain("NullPointerException")
                .doesNotContain("ArrayIndexOutOfBounds").doesNotContain("OutOfMemoryError");
        assertThat(r.status()).as(all).isIn(0, 1, 3);
        if (r.status() == 1) {
            assertThat(r.err().strip()).as("one clear line").isNotEmpty();
            assertThat(r.err().strip().lines().count()).as(r.err()).isLessThanOrEqualTo(3);
        } else {
            String run = Files.readString(out.resolve("run.json"));
            assertThat(run).contains("\"modules\"");
            // Every module in error says why.
            assertThat(run).doesNotContain("\"error\" : \"\"").doesNotContain("\"error\" : null, \"status\" : \"error\"");
        }
    }

    /** Cuts every regular file below (or at) {@code p}; returns how many were cut. */
    static int truncateAll(Path p, Cut cut) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(p)) {
            files = s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        int n = 0;
        for (Path f : files) {
            long len = Files.size(f);
            long to = switch (cut) {
                case HEADER_ONLY -> Math.min(64, len);
                case HALF -> len / 2;
                case ONE_BYTE_SHORT -> Math.max(0, len - 1);
            };
            if (to == len) continue;
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(to);
            }
            n++;
        }
        return n;
    }
}
