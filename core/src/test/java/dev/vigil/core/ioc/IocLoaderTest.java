package dev.vigil.core.ioc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loads every real public indicator file and checks the exact counts NOTICE.md gives. */
class IocLoaderTest {

    static IocSource one(String rel) throws IOException {
        List<IocSource> l = IocLoader.load(SharedIocs.file(rel));
        assertThat(l).hasSize(1);
        return l.get(0);
    }

    static Map<String, Long> counts(String spec) {
        Map<String, Long> m = new TreeMap<>();
        for (String part : spec.split(";")) {
            String[] kv = part.strip().split(" ");
            m.put(kv[0], Long.parseLong(kv[1]));
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        amnesty-investigations/2021-07-18_nso/pegasus.stix2 | Pegasus | 1549 | domain-name:value 1438; process:name 81; email-addr:value 29; file:name 1
        amnesty-investigations/2021-12-16_cytrox/cytrox.stix2 | Predator | 343 | domain-name:value 336; file:path 6; configuration-profile:id 1
        amnesty-investigations/2023-03-29_android_campaign/malware.stix2 | MercenarySpywareCampaign | 2187 | domain-name:value 2183; android-property:name 3; file:path 1
        amnesty-investigations/2024-05-02_wintego_helios/wintego_helios.stix2 | Wintego Helios | 175 | domain-name:value 175
        amnesty-investigations/2024-12-16_serbia_novispy/novispy.stix2 | NoviSpy | 18 | ipv4-addr:value 7; app:id 4; file:hashes.sha256 4; app:cert.sha256 3
        mvt-indicators/2022-06-23_rcs_lab/rcs.stix2 | RCSLab | 40 | domain-name:value 26; file:hashes.sha256 9; app:id 5
        mvt-indicators/2023-04-11_quadream/kingspawn.stix2 | KingSpawn | 167 | domain-name:value 164; file:path 2; process:name 1
        mvt-indicators/2023-06_01_operation_triangulation/operation_triangulation.stix2 | OperationTriangulation | 112 | domain-name:value 75; email-addr:value 36; process:name 1
        mvt-indicators/2023-07-25_wyrmspy_dragonegg/wyrmspy_dragonegg.stix2 | WyrmSpy_DragonEgg | 53 | file:hashes.sha256 34; domain-name:value 7; app:id 7; ipv4-addr:value 5
        mvt-indicators/2024-12-25_eaglemsgspy/eaglemsgspy.stix2 | EagleMsgSpy | 51 | file:hashes.sha256 25; domain-name:value 13; ipv4-addr:value 13
        mvt-indicators/2026-03-03_coruna_cryptowaters/coruna.stix2 | Coruna | 216 | domain-name:value 177; file:hashes.sha256 20; file:path 12; file:name 7
        mvt-indicators/2026-03-30_darksword/darksword.stix2 | DarkSword | 43 | file:path 22; domain-name:value 10; file:name 7; ipv4-addr:value 3; file:hashes.sha256 1
        mvt-indicators/ResidentBat/residentbat.stix2 | ResidentBat | 48 | ipv4-addr:value 24; app:id 8; app:cert.sha256 8; file:hashes.sha256 8
        mvt-indicators/candiru/candiru.stix2 | Candiru | 125 | domain-name:value 125
        mvt-indicators/cellebrite/cellebrite.stix2 | Cellebrite | 1 | app:id 1
        mvt-indicators/intellexa_predator/predator.stix2 | Predator | 585 | domain-name:value 569; file:path 15; configuration-profile:id 1
        """)
    void stixFileCounts(String rel, String collection, int total, String byType) throws IOException {
        IocSource s = one(rel);
        assertThat(s.format()).isEqualTo("stix2");
        assertThat(s.indicators()).hasSize(total);
        assertThat(s.countsByType()).isEqualTo(counts(byType));
        assertThat(s.countsByCollection()).containsExactly(Map.entry(collection, (long) total));
        assertThat(s.sha256()).isEqualTo(IocLoader.sha256(Files.readAllBytes(SharedIocs.file(rel))));
        assertThat(s.indicators()).allSatisfy(i -> {
            assertThat(i.id()).startsWith("indicator--");
            assertThat(i.source()).isEqualTo(rel.substring(rel.lastIndexOf('/') + 1));
        });
        if (!rel.contains("wintego")) assertThat(s.warnings()).isEmpty();
    }

    @Test
    void pegasusSha256MatchesNotice() throws IOException {
        assertThat(one("amnesty-investigations/2021-07-18_nso/pegasus.stix2").sha256())
                .isEqualTo("df1bcaa78abc7b85781b1ebc2daa3cc225371e2024d9ef96e84f80f927256586");
    }

    @Test
    void danglingRelationshipIsToleratedAndReported() throws IOException {
        IocSource s = one("amnesty-investigations/2024-05-02_wintego_helios/wintego_helios.stix2");
        assertThat(s.indicators()).hasSize(175);
        assertThat(s.warnings()).singleElement().asString()
                .contains("wintego_helios.stix2")
                .contains("relationship--d29f595a-fb78-4141-8099-2f7a7414bc31")
                .contains("indicator--3eaf5002-09aa-476c-be2a-281a95b33f1a");
    }

    @Test
    void novispyDomainIpsBecomeIpIndicators() throws IOException {
        IocSource s = one("amnesty-investigations/2024-12-16_serbia_novispy/novispy.stix2");
        assertThat(s.indicators()).filteredOn(i -> i.type() == IndicatorType.IPV4)
                .extracting(Indicator::value).contains("176.223.111.131").hasSize(7);
        assertThat(Indicators.of(List.of(s)).url("http://176.223.111.131:8080/upload")).isPresent();
    }

    @Test
    void corunaSha256SpellingAndPathDomain() throws IOException {
        IocSource s = one("mvt-indicators/2026-03-03_coruna_cryptowaters/coruna.stix2");
        assertThat(s.indicators()).filteredOn(i -> i.type() == IndicatorType.FILE_SHA256)
                .allSatisfy(i -> assertThat(i.value()).matches("[0-9a-f]{64}"));
        assertThat(s.indicators()).extracting(Indicator::value).contains("fgr1w2gnsdvsb.xyz/x", ".com.apple.notes.cache.plist");
        Indicators iocs = Indicators.of(List.of(s));
        assertThat(iocs.url("https://fgr1w2gnsdvsb.xyz/x")).get().extracting(Match::note).isNull();
        assertThat(iocs.url("https://fgr1w2gnsdvsb.xyz/x/stage2?a=1")).isPresent();
        assertThat(iocs.domain("fgr1w2gnsdvsb.xyz")).get().extracting(Match::note).asString().contains("host of fgr1w2gnsdvsb.xyz/x");
    }

    @Test
    void pegasusValuesKeepHttpPrefixedDomains() throws IOException {
        IocSource s = one("amnesty-investigations/2021-07-18_nso/pegasus.stix2");
        assertThat(s.indicators()).extracting(Indicator::value).contains("httpaccess.com");
        Indicators iocs = Indicators.of(List.of(s));
        assertThat(iocs.domain("httpaccess.com")).isPresent();
        assertThat(iocs.domain("access.com")).isEmpty();
    }

    @Test
    void stalkerwareYaml() throws IOException {
        IocSource s = one("stalkerware-indicators/ioc.yaml");
        assertThat(s.format()).isEqualTo("echap-yaml");
        // 616 package names (1 repeated within its app), 472 certificates, 925 c2 domains + 44
        // distribution sites (9 repeated within their app; HelloSpy's distribution entry
        // 178.63.71.15 is an IP, so an IP indicator), 65 c2.ips + 3 under c2.ip.
        assertThat(s.countsByType()).isEqualTo(counts("app:id 615; app:cert.sha1 472; domain-name:value 959; ipv4-addr:value 69"));
        // 147 apps; 11 list only vendor websites and give no indicator (each says so in a warning)
        assertThat(s.countsByCollection()).hasSize(136).containsKey("Stalkerware: TheTruthSpy");
        assertThat(s.warnings()).hasSize(11).allSatisfy(w -> assertThat(w).contains("ioc.yaml: ").contains("only vendor websites"))
                .anySatisfy(w -> assertThat(w).contains("RioSPY"));
        assertThat(s.indicators()).filteredOn(i -> i.id().endsWith("/c2.ip")).hasSize(3);
        Indicators iocs = Indicators.of(List.of(s));
        assertThat(iocs.certHash("31A6ECECD97CF39BC4126B8745CD94A7C30BF81C")).get()
                .satisfies(m -> assertThat(m.indicator().value()).isEqualTo("31a6ececd97cf39bc4126b8745cd94a7c30bf81c"));
        assertThat(iocs.appId("com.thetruth")).get().extracting(m -> m.indicator().collection()).isEqualTo("Stalkerware: TheTruthSpy");
        assertThat(iocs.ip("69.64.74.239")).isPresent();
        // websites are not indicators of infection
        assertThat(iocs.domain("thetruthspy.com")).isEmpty();
        assertThat(iocs.domain("app.fonetracker.com")).isPresent(); // distribution
    }

    @Test
    void watchwareYaml() throws IOException {
        IocSource s = one("stalkerware-indicators/watchware.yaml");
        assertThat(s.countsByType()).isEqualTo(counts("app:id 36; app:cert.sha1 14; domain-name:value 68; ipv4-addr:value 1"));
        assertThat(s.countsByCollection()).containsKey("Watchware: WiseMo");
        assertThat(s.countsByCollection().size() + s.warnings().size()).isEqualTo(27);
    }

    @Test
    void indexFile() throws IOException {
        IocSource s = one("mvt-indicators/indicators.yaml");
        assertThat(s.format()).isEqualTo("indicator-index");
        assertThat(s.indicators()).isEmpty();
        IndicatorIndex idx = IndicatorIndex.parse(Files.readAllBytes(SharedIocs.file("mvt-indicators/indicators.yaml")), "indicators.yaml");
        assertThat(idx.entries()).hasSize(15);
        assertThat(idx.warnings()).isEmpty();
        assertThat(idx.entries().get(0).url()).hasToString("https://raw.githubusercontent.com/AmnestyTech/investigations/master/2021-07-18_nso/pegasus.stix2");
        assertThat(idx.entries().get(0).upstream()).isEqualTo("AmnestyTech/investigations/2021-07-18_nso/pegasus.stix2");
        assertThat(idx.entries()).filteredOn(e -> e.upstream().startsWith("AssoEchap/")).singleElement()
                .satisfies(e -> assertThat(e.url().toString()).endsWith("/generated/stalkerware.stix2"));
    }

    @Test
    void indexWithDownloadUrlAndBadEntries() throws IOException {
        String yaml = """
                indicators:
                  - name: Plain
                    download_url: https://example.org/a.stix2
                  - type: github
                    name: Traversal
                    github: {owner: x, repo: y, branch: main, path: ../../etc/passwd}
                  - name: Nothing
                """;
        IndicatorIndex idx = IndicatorIndex.parse(yaml.getBytes(StandardCharsets.UTF_8), "idx.yaml");
        assertThat(idx.entries()).singleElement().satisfies(e -> assertThat(e.url()).hasToString("https://example.org/a.stix2"));
        assertThat(idx.warnings()).hasSize(2).anySatisfy(w -> assertThat(w).contains("Traversal").contains("bad github path"));
    }

    @Test
    void wholeFolderLoadsSortedAndComplete() throws IOException {
        List<IocSource> all = IocLoader.load(SharedIocs.dir());
        assertThat(all).extracting(IocSource::file).isSorted();
        assertThat(all).hasSize(19); // 16 STIX, ioc.yaml, watchware.yaml, indicators.yaml
        long total = all.stream().mapToLong(s -> s.indicators().size()).sum();
        assertThat(total).isEqualTo(5713 + 2115 + 119);
        Indicators iocs = Indicators.of(all);
        assertThat(iocs.size()).isEqualTo(5713 + 2115 + 119);
    }

    @Test
    void malformedFilesGiveOneLineErrorsNamingTheFile(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("broken.stix2");
        Files.writeString(json, "{\"type\": \"bundle\", \"objects\": [ {\"type\": \"indicator\", ");
        assertThatThrownBy(() -> IocLoader.load(json)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(json.toString()).hasMessageContaining("malformed JSON");
        Path notBundle = dir.resolve("x.json");
        Files.writeString(notBundle, "{\"type\": \"report\"}");
        assertThatThrownBy(() -> IocLoader.load(notBundle)).hasMessageContaining("x.json").hasMessageContaining("not a STIX 2 bundle");
        Path yaml = dir.resolve("y.yaml");
        Files.writeString(yaml, "a: [1, 2\n");
        assertThatThrownBy(() -> IocLoader.load(yaml)).hasMessageContaining("y.yaml").hasMessageContaining("malformed YAML");
        Path other = dir.resolve("z.yaml");
        Files.writeString(other, "hello: world\n");
        assertThatThrownBy(() -> IocLoader.load(other)).hasMessageContaining("z.yaml").hasMessageContaining("not an indicator file");
        Path empty = dir.resolve("e.stix2");
        Files.writeString(empty, "  \n");
        assertThatThrownBy(() -> IocLoader.load(empty)).hasMessageContaining("e.stix2: empty file");
        assertThatThrownBy(() -> IocLoader.load(dir.resolve("missing.stix2"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
        // a folder with one bad file fails as a whole, naming that file
        assertThatThrownBy(() -> IocLoader.load(dir)).hasMessageContaining("broken.stix2");
    }

    @Test
    void unusablePatternsAreWarningsNamingFileAndId(@TempDir Path dir) throws IOException {
        String bundle = """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "malware", "id": "malware--1", "name": "TestWare"},
                  {"type": "report", "id": "report--1", "name": "Report Campaign", "object_refs": ["indicator--6", "indicator--404"]},
                  {"type": "indicator", "id": "indicator--1", "pattern_type": "stix", "pattern": "[domain-name:value = 'a.example' OR domain-name:value = 'b.example']"},
                  {"type": "indicator", "id": "indicator--2", "pattern_type": "stix", "pattern": "[file:name = 'x' AND file:size = 10]"},
                  {"type": "indicator", "id": "indicator--3", "pattern_type": "stix", "pattern": "[file:name = 'unterminated]"},
                  {"type": "indicator", "id": "indicator--4", "pattern_type": "yara", "pattern": "rule x {}"},
                  {"type": "indicator", "id": "indicator--5", "pattern_type": "stix", "pattern": "[x-custom:thing = 'v']"},
                  {"type": "indicator", "id": "indicator--6", "pattern_type": "stix", "pattern": "[email-addr:value = 'Evil@Example.COM']"},
                  {"type": "indicator", "id": "indicator--7", "pattern_type": "stix", "pattern": "[domain-name:value = 'not a host!']"},
                  {"type": "indicator", "id": "indicator--8", "pattern_type": "stix", "pattern": "[file:hashes.MD5 = 'abc']"},
                  {"type": "relationship", "id": "relationship--1", "relationship_type": "indicates", "source_ref": "indicator--1", "target_ref": "malware--1"}
                ]}
                """;
        Path f = dir.resolve("t.stix2");
        Files.writeString(f, bundle);
        IocSource s = IocLoader.load(f).get(0);
        assertThat(s.indicators()).extracting(Indicator::value).containsExactly("a.example", "b.example", "evil@example.com");
        assertThat(s.indicators()).extracting(Indicator::collection).containsExactly("TestWare", "TestWare", "Report Campaign");
        assertThat(s.warnings()).hasSize(6).allSatisfy(w -> assertThat(w).startsWith(f + ": indicator--"));
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("indicator--2").contains("AND of comparisons cannot be matched"));
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("indicator--3").contains("unterminated string"));
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("indicator--4").contains("yara"));
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("indicator--5").contains("x-custom:thing"));
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("indicator--7").contains("not a valid domain-name:value"));
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("indicator--8").contains("not a valid file:hashes.md5"));
    }

    @Test
    void collectionFallsBackToFileName(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("my_set.stix2");
        Files.writeString(f, """
                {"type": "bundle", "objects": [
                  {"type": "malware", "id": "malware--1", "name": "A"}, {"type": "malware", "id": "malware--2", "name": "B"},
                  {"type": "indicator", "id": "indicator--1", "pattern_type": "stix", "pattern": "[app:id = 'com.x']"}]}
                """);
        assertThat(IocLoader.load(f).get(0).indicators()).singleElement().extracting(Indicator::collection).isEqualTo("my_set");
    }
}
