package dev.vigil.core.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteNativeTest {
    @TempDir
    Path tmp;

    @Test
    void theLibraryIsCopiedOnceFromVigilsJarAndWrittenAgainWhenTheCopyIsNotTheJars() throws Exception {
        byte[] lib = new byte[300_000];
        new Random(7).nextBytes(lib);
        Path jar = tmp.resolve("vigil.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so"));
            out.write(lib);
            out.closeEntry();
        }
        URL entry = URI.create("jar:" + jar.toUri() + "!/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so").toURL();
        URL own = jar.toUri().toURL();
        Path cache = tmp.resolve("cache");

        Path kept = SqliteNative.kept(cache, entry, own, "libsqlitejdbc.so", "sqlite-9.9");
        assertThat(kept).isNotNull().hasBinaryContent(lib);
        assertThat(kept.getParent().getFileName().toString()).startsWith("sqlite-9.9-");
        // used as it is the next time
        Files.setLastModifiedTime(kept, FileTime.fromMillis(1_000_000));
        assertThat(SqliteNative.kept(cache, entry, own, "libsqlitejdbc.so", "sqlite-9.9")).isEqualTo(kept);
        assertThat(Files.getLastModifiedTime(kept).toMillis()).isEqualTo(1_000_000);
        // a damaged (or replaced) copy of the same size is written again
        byte[] damaged = lib.clone();
        damaged[1234] ^= 1;
        Files.write(kept, damaged);
        assertThat(SqliteNative.kept(cache, entry, own, "libsqlitejdbc.so", "sqlite-9.9")).isEqualTo(kept);
        assertThat(kept).hasBinaryContent(lib);
        try (var files = Files.list(kept.getParent())) {
            assertThat(files).containsExactly(kept); // no temporary file left behind
        }
        // a library that is not in Vigil's own jar is left to sqlite-jdbc
        Path other = tmp.resolve("other.jar");
        Files.copy(jar, other);
        assertThat(SqliteNative.kept(tmp.resolve("cache2"), entry, other.toUri().toURL(), "libsqlitejdbc.so", "sqlite-9.9")).isNull();
        assertThat(tmp.resolve("cache2")).doesNotExist();
    }

    @Test
    void outsideVigilsOwnJarNothingIsKeptAndSqliteStillLoads() throws Exception {
        // Tests run from class folders, with sqlite-jdbc's jar from the Maven repository: no copy is made.
        assertThat(SqliteNative.kept(tmp)).isNull();
        assertThat(tmp.resolve("native")).doesNotExist();
        Path db = tmp.resolve("t.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("CREATE TABLE t(x)");
        }
        SqliteNative.keepIn(tmp.resolve("keep"));
        try (Sqlite s = Sqlite.fromBytes(Files.readAllBytes(db), null, "t.db")) {
            assertThat(s.hasTable("t")).isTrue();
        } finally {
            SqliteNative.keepIn(null);
        }
        assertThat(tmp.resolve("keep")).doesNotExist();
    }
}
