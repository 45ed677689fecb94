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
}
