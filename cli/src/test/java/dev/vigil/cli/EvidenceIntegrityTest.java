package dev.vigil.cli;

import dev.vigil.core.evidence.Custody;
import dev.vigil.core.run.EvidenceTypes;
import dev.vigil.samples.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every check command over every bundled sample and proves that the evidence is left
 * exactly as it was (every byte and every modification time), that checks work on a
 * read-only copy, and that they work with all networking denied (nothing leaves the machine
 * by default).
 */
class EvidenceIntegrityTest {
    @TempDir
    static Path tmp;

    private static ProxySelector previousSelector;

    @BeforeAll
    static void denyNetworking() {
        // JVM-wide: every proxied or socket connection fails (a SOCKS proxy and an HTTP proxy on
        // a closed loopback port), so any attempt to reach the network makes the check fail loudly.
        previousSelector = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                throw new IllegalStateException("network access attempted during a check: " + uri);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        });
        System.setProperty("socksProxyHost", "127.0.0.1");
        System.setProperty("socksProxyPort", "9");
    }

    @AfterAll
    static void restoreNetworking() {
        ProxySelector.setDefault(previousSelector);
        System.clearProperty("socksProxyHost");
        System.clearProperty("socksProxyPort");
    }

    static Stream<Sample> samples() {
        return Sample.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void checkLeavesEvidenceUntouchedAndWorksReadOnly(Sample sample) throws Exception {
        Path evidence = sample.build(tmp.resolve("samples").resolve(sample.name()));
        Path pw = tmp.resolve(sample.name() + ".pw");
        Files.writeString(pw, sample.password() == null ? "" : sample.password() + "\n");
        var type = EvidenceTypes.byName(sample.evidenceType()).orElseThrow();

        Map<String, String> before = snapshot(evidence);
        var r = CliRunner.run(args(type.command(), type.usesPassword(), evidence, tmp.resolve("out-" + sample.name()), pw));
        assertThat(r.status()).as(r.err()).isIn(0, 3);
        assertThat(snapshot(evidence)).as("evidence unchanged after " + type.command()).isEqualTo(before);

        // The same check on a read-only copy of the evidence.
        readOnly(evidence, true);
        try {
            var ro = CliRunner.run(args(type.command(), type.usesPassword(), evidence, tmp.resolve("out-ro-" + sample.name()), pw));
            assertThat(ro.status()).as(ro.err()).isEqualTo(r.status());
            assertThat(Files.readString(tmp.resolve("out-ro-" + sample.name()).resolve("alerts.json")))
                    .isEqualTo(Files.readString(tmp.resolve("out-" + sample.name()).resolve("alerts.json")));
        } finally {
            readOnly(evidence, false);
        }
        assertThat(snapshot(evidence)).isEqualTo(before);
    }

    private static String[] args(String command, boolean password, Path evidence, Path out, Path pw) {
        return password
                ? new String[] {command, evidence.toString(), "-o", out.toString(), "--password-file", pw.toString()}
                : new String[] {command, evidence.toString(), "-o", out.toString()};
    }

    /** path -> sha256, size, mtime of every file and folder below (or at) p. */
    static Map<String, String> snapshot(Path p) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.toList()) {
                String key = p.relativize(f).toString();
                String mtime = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toString();
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    var md = Custody.sha256();
                    try (InputStream in = Files.newInputStream(f)) {
                        byte[] buf = new byte[1 << 16];
                        int n;
                        while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
                    }
                    m.put(key, HexFormat.of().formatHex(md.digest()) + " " + Files.size(f) + " " + mtime);
                } else {
                    m.put(key, "dir " + mtime);
                }
            }
        }
        return m;
    }

    private static void readOnly(Path p, boolean ro) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
                if (ro) {
                    perms.remove(PosixFilePermission.OWNER_WRITE);
                    perms.remove(PosixFilePermission.GROUP_WRITE);
                    perms.remove(PosixFilePermission.OTHERS_WRITE);
                } else {
                    perms.add(PosixFilePermission.OWNER_WRITE);
                }
                var t = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(f, perms);
                Files.setLastModifiedTime(f, t);
            }
        }
    }
}
