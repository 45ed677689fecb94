package dev.vigil.core.ioc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ParsedCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theBundledSetComesBackIdenticalAndADamagedOrForeignEntryIsIgnored() throws Exception {
        List<IocSource> parsed = BundledIocs.load(Set.of());
        Path file = tmp.resolve("cache/bundled.bin");
        String key = ParsedCache.key(List.of("jar|1|2", "a|b|c"));
        ParsedCache.write(file, key, parsed);
        List<IocSource> back = ParsedCache.read(file, key);
        assertThat(back).isEqualTo(parsed);
        assertThat(back.stream().mapToInt(s -> s.indicators().size()).sum()).isEqualTo(parsed.stream().mapToInt(s -> s.indicators().size()).sum()).isPositive();
        // the compiled matcher is the same
        assertThat(Indicators.of(back).size()).isEqualTo(Indicators.of(parsed).size());
        assertThat(ParsedCache.read(file, ParsedCache.key(List.of("another jar")))).isNull();
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 1;
        Files.write(file, b);
        assertThat(ParsedCache.read(file, key)).isNull();
        Files.write(file, new byte[] {1, 2, 3});
        assertThat(ParsedCache.read(file, key)).isNull();
        assertThat(ParsedCache.read(tmp.resolve("missing.bin"), key)).isNull();
    }

    @Test
    void aCacheFolderThatCannotBeWrittenOnlyCostsTheParse() throws Exception {
        Path notADir = tmp.resolve("file");
        Files.writeString(notADir, "x");
        ParsedCache.write(notADir.resolve("bundled.bin"), "k", List.of()); // no exception
        assertThat(Files.readString(notADir)).isEqualTo("x");
    }

    @Test
    void earlierBuildsEntriesArePrunedToTheNewestFew() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cache"));
        for (int i = 0; i < 7; i++) {
            Path old = dir.resolve("bundled-old" + i + ".bin");
            Files.writeString(old, "x");
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Files.writeString(dir.resolve("other.txt"), "not a cache entry");
        Path file = dir.resolve("bundled-new.bin");
        ParsedCache.write(file, "k", List.of());
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("bundled-new.bin", "bundled-old4.bin", "bundled-old5.bin", "bundled-old6.bin", "other.txt");
        }
        assertThat(ParsedCache.read(file, "k")).isEmpty();
    }
}
