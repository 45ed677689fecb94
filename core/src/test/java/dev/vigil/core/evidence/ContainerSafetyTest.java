package dev.vigil.core.evidence;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerSafetyTest {
    @TempDir
    Path tmp;

    private Path zip(String name, Object... entries) throws IOException {
        Path z = tmp.resolve(name);
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(z.toFile())) {
            for (int i = 0; i < entries.length; i += 2) {
                ZipArchiveEntry e = new ZipArchiveEntry((String) entries[i]);
                out.putArchiveEntry(e);
                out.write((byte[]) entries[i + 1]);
                out.closeArchiveEntry();
            }
        }
        return z;
    }

    @Test
    void zipNamesAreMadeSafe() throws IOException {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        Path z = zip("evil.zip", "../../etc/passwd", x, "/private/var/mobile/a.db", x, "./ok/b.txt", x,
                "a/../../escape", x, "win\\..\\x", x, "filesystem1/private/var/c", x);
        try (ZipSource src = new ZipSource(z, "test")) {
            List<String> paths = new ArrayList<>();
            src.walk(f -> paths.add(f.path()));
            assertThat(paths).containsExactly("filesystem1/private/var/c", "ok/b.txt", "private/var/mobile/a.db");
            assertThat(src.rejected()).containsExactlyInAnyOrder("../../etc/passwd", "a/../../escape", "win/../x"); // commons-compress turns backslashes into slashes
            assertThat(src.custody().entries()).singleElement().extracting(Custody.Entry::path).isEqualTo("evil.zip");
        }
        try (ZipSource src = new ZipSource(z, "test", "filesystem1/")) {
            assertThat(src.find("private/var/*")).extracting(EvidenceFile::path).containsExactly("private/var/c");
        }
        assertThat(ZipSource.safeName("a/./b//c")).isEqualTo("a/b/c");
        assertThat(ZipSource.safeName("a\0b")).isNull();
    }

    @Test
    void zipBombIsStoppedByRatio() throws IOException {
        byte[] zeros = new byte[80 << 20]; // 80 MiB of zeros deflates ~1000:1
        Path z = zip("bomb.zip", "bomb.bin", zeros);
        assertThat(Files.size(z)).isLessThan(1 << 20);
        try (ZipSource src = new ZipSource(z, "test"); InputStream in = src.open(src.findOne("bomb.bin"))) {
            assertThatThrownBy(() -> in.transferTo(java.io.OutputStream.nullOutputStream()))
                    .hasMessageContaining("bomb.bin").hasMessageContaining("zip bomb");
        }
    }

    @Test
    void truncatedZipIsAClearError() throws IOException {
        Path z = zip("t.zip", "a.txt", "hello".repeat(100).getBytes(StandardCharsets.UTF_8));
        byte[] all = Files.readAllBytes(z);
        Path cut = tmp.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> new ZipSource(cut, "test").close()).isInstanceOf(IOException.class);
    }

    @Test
    void directorySourceNeverFollowsSymlinksOutOfTheFolder() throws IOException {
        Path outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Path dump = tmp.resolve("dump");
        Files.createDirectories(dump.resolve("private/var"));
        Files.writeString(dump.resolve("private/var/real.txt"), "real");
        Files.createSymbolicLink(dump.resolve("private/var/link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dump.resolve("private/var/dirlink"), outside);
        try (DirectorySource src = new DirectorySource(dump, "test")) {
            List<EvidenceFile> all = src.find("**");
            assertThat(all).extracting(EvidenceFile::path).containsExactly("private/var/dirlink", "private/var/link.txt", "private/var/real.txt");
            EvidenceFile link = all.get(1);
            assertThat(link.attributes()).containsKey("symlink");
            assertThatThrownBy(() -> src.open(link)).hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> src.open(new EvidenceFile("../outside/secret.txt", 6, null))).hasMessageContaining("leaves");
            try (InputStream in = src.open(all.get(2))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("real");
            }
            assertThat(src.custody().entries()).singleElement().satisfies(e -> {
                assertThat(e.path()).isEqualTo("private/var/real.txt");
                assertThat(e.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(Custody.sha256().digest("real".getBytes(StandardCharsets.UTF_8))));
                assertThat(e.size()).isEqualTo(4);
            });
        }
    }

    @Test
    void globs() {
        assertThat(Glob.of("private/var/**/sms.db").matches("private/var/mobile/Library/SMS/sms.db")).isTrue();
        assertThat(Glob.of("private/var/**/sms.db").matches("private/var/sms.db")).isTrue();
        assertThat(Glob.of("private/var/*/sms.db").matches("private/var/a/b/sms.db")).isFalse();
        assertThat(Glob.of("/a/?.txt").matches("a/b.txt")).isTrue();
        assertThat(Glob.of("a/(x).txt").matches("a/(x).txt")).isTrue();
        assertThat(Glob.of("private/var/**").literalPrefix()).isEqualTo("private/var/");
    }
}
