package dev.vigil.ios.modules;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.ios.backup.KeyedArchive;
import dev.vigil.ios.backup.MBFile;
import dev.vigil.ios.fs.IosFsType;
import dev.vigil.samples.ios.DemoPhone;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.artifacts.ChromeHistoryDb;
import dev.vigil.samples.ios.artifacts.SafariHistoryDb;
import dev.vigil.samples.ios.artifacts.SmsDb;
import dev.vigil.samples.ios.artifacts.WhatsAppChatStorageDb;
import dev.vigil.samples.ios.system.IdStatusCacheBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile iOS evidence: XML plists with external entities and entity expansion (declared in
 * the first bytes, after a long comment, in UTF-16), cyclic and deeply nested binary plists,
 * binary plists whose trailer claims billions of objects, and SQLite databases with a trigger,
 * a view standing for a table (one that recurses forever), a huge blob and a corrupt header.
 * Each parser gives a clear error; a whole check over a dump holding all of them reports an
 * error for each hostile artifact, and the healthy modules still give their records.
 */
class HostileIosEvidenceTest {
    static final String SECRET = "VIGIL-XXE-SECRET-4d2a";

    @TempDir
    Path tmp;

    // ---- XML entities ----

    static String xxe(Path secret, String padding) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + padding + "<!DOCTYPE plist [<!ENTITY e SYSTEM \"" + secret.toUri()
                + "\">]><plist version=\"1.0\"><dict><key>k</key><string>&e;</string></dict></plist>";
    }

    static String billionLaughs(String padding) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\"?>" + padding + "<!DOCTYPE plist [<!ENTITY a \"" + "lol".repeat(10) + "\">");
        String prev = "a";
        for (int i = 0; i < 10; i++) {
            s.append("<!ENTITY l").append(i).append(" \"").append(("&" + prev + ";").repeat(10)).append("\">");
            prev = "l" + i;
        }
        return s.append("]><plist version=\"1.0\"><dict><key>k</key><string>&").append(prev).append(";</string></dict></plist>").toString();
    }

    @Test
    @Timeout(30)
    void xmlEntitiesAreRefusedOrNeverExpanded() throws Exception {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, SECRET);
        String pad = "<!--" + "x".repeat(10_000) + "-->";
        for (String xml : List.of(xxe(secret, ""), xxe(secret, pad), billionLaughs(""), billionLaughs(pad))) {
            for (byte[] b : List.of(xml.getBytes(StandardCharsets.UTF_8), xml.replace("UTF-8", "UTF-16").getBytes(StandardCharsets.UTF_16))) {
                for (Function<byte[], Object> parser : parsers()) {
                    Object r = parser.apply(b);
                    String text = String.valueOf(r);
                    assertThat(text).doesNotContain(SECRET).doesNotContain("lollollol");
                    assertThat(text.length()).isLessThan(100_000);
                }
            }
        }
        // Declared in the first bytes: refused outright, with a clear message.
        assertThatThrownBy(() -> Plists.parse(xxe(secret, "").getBytes(StandardCharsets.UTF_8), "x.plist"))
                .isInstanceOf(IOException.class).hasMessageContaining("entities");
        assertThatThrownBy(() -> dev.vigil.ios.backup.Plists.parse(billionLaughs("").getBytes(StandardCharsets.UTF_8), "x.plist"))
                .isInstanceOf(IOException.class).hasMessageContaining("entities");
    }

    /** Each helper Vigil reads plists with; the result or the error text. */
    static List<Function<byte[], Object>> parsers() {
        return List.of(
                b -> call(() -> dev.vigil.ios.backup.Plists.json(dev.vigil.ios.backup.Plists.parse(b, "x.plist"))),
                b -> call(() -> Plists.parse(b, "x.plist").toXMLPropertyList()),
                b -> call(() -> KeyedArchive.decode(b)));
    }

    interface Call {
        Object run() throws Exception;
    }

    static Object call(Call c) {
        try {
            return c.run();
        } catch (IOException | KeyedArchive.FormatException e) {
            assertThat(e.getMessage()).isNotBlank();
            return "error: " + e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("unchecked error " + e, e);
        }
    }

    // ---- binary plists ----

    /** A binary plist of the given objects (already encoded, refs 2 bytes, offsets 4 bytes). */
    static byte[] bplist(List<byte[]> objects, long claimedCount, long top) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes("bplist00".getBytes(StandardCharsets.US_ASCII));
        int[] offsets = new int[objects.size()];
        for (int i = 0; i < objects.size(); i++) {
            offsets[i] = o.size();
            o.writeBytes(objects.get(i));
        }
        int table = o.size();
        ByteBuffer t = ByteBuffer.allocate(offsets.length * 4);
        for (int off : offsets) t.putInt(off);
        o.writeBytes(t.array());
        ByteBuffer trailer = ByteBuffer.allocate(32);
        trailer.position(6);
        trailer.put((byte) 4).put((byte) 2).putLong(claimedCount).putLong(top).putLong(table);
        o.writeBytes(trailer.array());
        return o.toByteArray();
    }

    static byte[] arrayOf(int... refs) {
        ByteBuffer b = ByteBuffer.allocate(1 + refs.length * 2);
        b.put((byte) (0xA0 | refs.length));
        for (int r : refs) b.putShort((short) r);
        return b.array();
    }

    static byte[] cyclic() {
        // object 0: array [1]; object 1: dict {"$objects"? no: key 2 -> value 0}; object 2: "k"
        byte[] dict = {(byte) 0xD1, 0, 2, 0, 0};
        return bplist(List.of(arrayOf(1), dict, new byte[] {0x51, 'k'}), 3, 0);
    }

    static byte[] deep(int depth) {
        List<byte[]> objs = new java.util.ArrayList<>();
        for (int i = 0; i < depth - 1; i++) objs.add(arrayOf(i + 1));
        objs.add(new byte[] {0x51, 'x'});
        return bplist(objs, depth, 0);
    }

    @Test
    @Timeout(30)
    void cyclicDeepAndHugeCountBinaryPlistsGiveAClearError() {
        byte[] selfRef = bplist(List.of(arrayOf(0, 0)), 1, 0);
        byte[] huge = bplist(List.of(arrayOf(0)), 4_000_000_000L, 0);
        byte[] hugeTop = bplist(List.of(arrayOf(0)), 1, 1L << 40);
        for (byte[] b : List.of(cyclic(), selfRef, deep(30_000), huge, hugeTop)) {
            for (Function<byte[], Object> parser : parsers()) {
                String text = String.valueOf(parser.apply(b));
                assertThat(text.length()).isLessThan(1_000_000);
            }
            try {
                MBFile.decode(b);
            } catch (KeyedArchive.FormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    // ---- a whole check over a dump holding all of it ----

    static byte[] sqlite(Path dir, byte[] base, String... sql) throws Exception {
        Path f = Files.createTempFile(dir, "db", ".sqlite");
        if (base != null) Files.write(f, base);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
        return Files.readAllBytes(f);
    }

    @Test
    @Timeout(120)
    void aCheckOverHostileArtifactsReportsEachAndGoesOn() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, SECRET);
        IosFiles fs = DemoPhone.build();
        // sms.db: a trigger on the table read (fires on writes only; reading must not write).
        fs.put(SmsDb.PATH, sqlite(scratch, fs.get(SmsDb.PATH),
                "CREATE TABLE audit(x)",
                "CREATE TRIGGER t AFTER INSERT ON message BEGIN INSERT INTO audit VALUES (1); END",
                "CREATE TRIGGER t2 BEFORE DELETE ON message BEGIN SELECT RAISE(ABORT, 'no'); END"));
        // Safari History.db: the table read is a view that recurses forever.
        fs.put(SafariHistoryDb.PATH, sqlite(scratch, null,
                "CREATE TABLE history_items_real(id INTEGER PRIMARY KEY, url TEXT)",
                "CREATE VIEW history_items AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
                        + "SELECT n AS id, 'https://example.org/' || n AS url, n AS domain_expansion, n AS visit_count FROM c",
                "CREATE VIEW history_visits AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
                        + "SELECT n AS id, n AS history_item, 700000000.0 + n AS visit_time, 'x' AS title, 0 AS load_successful, "
                        + "NULL AS redirect_source, NULL AS redirect_destination, 0 AS origin FROM c"));
        // Chrome History: a huge blob in a column that is read.
        fs.put(ChromeHistoryDb.PATH, sqlite(scratch, fs.get(ChromeHistoryDb.PATH),
                "UPDATE urls SET url = 'https://example.org/' || hex(zeroblob(4000000)) WHERE id = (SELECT min(id) FROM urls)"));
        // WhatsApp: a corrupt header.
        byte[] wa = fs.get(WhatsAppChatStorageDb.PATH).clone();
        for (int i = 16; i < 100; i++) wa[i] = (byte) 0xFF;
        fs.put(WhatsAppChatStorageDb.PATH, wa);
        // IdStatusCache.plist: an external entity (after a long comment).
        fs.put(IdStatusCacheBuilder.PATH, xxe(secret, "<!--" + "x".repeat(8000) + "-->").getBytes(StandardCharsets.UTF_8));
        // locationd clients.plist: a cyclic binary plist.
        fs.put("private/var/root/Library/Caches/locationd/clients.plist", cyclic());

        Path dump = tmp.resolve("dump");
        for (Map.Entry<String, IosFiles.Entry> e : fs.entries().entrySet()) {
            Path p = dump.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue().data());
        }
        Indicators iocs = Indicators.of(new Indicator(IndicatorType.DOMAIN, "smscentro.com", "Test", "test", null));
        Path out = tmp.resolve("out");
        long t0 = System.nanoTime();
        Check.Outcome o = Check.run(new IosFsType(), List.of(dump), new CheckOptions().moduleTimeout(Duration.ofSeconds(20)),
                iocs, out, List.of("check-fs"), null);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(100));
        Map<String, ModuleResult> m = o.result().modules().stream().collect(Collectors.toMap(ModuleResult::slug, Function.identity()));

        // sms: read despite the triggers, and the planted link found.
        assertThat(m.get("sms").status()).isEqualTo(ModuleStatus.OK);
        assertThat(m.get("sms").records()).isNotEmpty();
        assertThat(o.result().alerts()).anySatisfy(a -> assertThat(a.module()).isEqualTo("sms"));
        // Each hostile artifact: an error (or a warning) naming it; never a silent success with nothing said.
        for (String slug : List.of("safari_history", "whatsapp", "idstatuscache", "locationd_clients")) {
            ModuleResult r = m.get(slug);
            assertThat(r).as(slug).isNotNull();
            if (r.status() == ModuleStatus.ERROR) assertThat(r.error()).as(slug).isNotBlank();
            else assertThat(r.warnings()).as(slug + " " + r.status()).isNotEmpty();
        }
        assertThat(m.get("safari_history").error()).contains("History.db").contains("history_visits"); // a view is not the table
        assertThat(m.get("whatsapp").error()).contains("ChatStorage.sqlite").contains("not a database");
        assertThat(m.get("locationd_clients").error()).contains("clients.plist").contains("cyclic");
        assertThat(m.get("idstatuscache").records()).isEmpty();
        // A 4 MB URL in Chrome's History is read (bounded) without failing the module.
        assertThat(m.get("chrome_history").status()).isEqualTo(ModuleStatus.OK);
        assertThat(m.get("chrome_history").records()).isNotEmpty();
        // Healthy modules went on.
        long healthy = o.result().modules().stream().filter(r -> r.status() == ModuleStatus.OK && !r.records().isEmpty()).count();
        assertThat(healthy).isGreaterThan(10);
        // Nothing read through an entity reached the results; the evidence is unchanged.
        try (Stream<Path> s = Files.walk(out)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(SECRET);
            }
        }
        assertThat(Files.readAllBytes(dump.resolve(SmsDb.PATH))).isEqualTo(fs.get(SmsDb.PATH));
    }
}
