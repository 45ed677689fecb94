package dev.vigil.core.ioc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundledIocsTest {
    @Test
    void bundledFilesAreUnchangedCopiesOfThePublicSets() throws IOException {
        List<BundledIocs.Entry> manifest = BundledIocs.manifest();
        assertThat(manifest).hasSize(17);
        for (BundledIocs.Entry e : manifest) {
            Path shared = SharedIocs.file(e.resource());
            assertThat(IocLoader.sha256(Files.readAllBytes(shared))).as(e.resource()).isEqualTo(e.sha256());
        }
    }

    @Test
    void freshInstallDetectsPegasus(@TempDir Path home) throws IOException {
        Indicators iocs = IocSets.defaults(new IocStore(home), AllowList.none());
        assertThat(iocs.sources()).hasSize(17).allSatisfy(s -> assertThat(s.file()).startsWith("bundled:"));
        assertThat(iocs.size()).isEqualTo(5713 + 2115);
        // a Pegasus domain from the Amnesty set
        IocSource pegasus = iocs.sources().stream().filter(s -> s.file().endsWith("pegasus.stix2")).findFirst().orElseThrow();
        assertThat(pegasus.sha256()).isEqualTo("df1bcaa78abc7b85781b1ebc2daa3cc225371e2024d9ef96e84f80f927256586");
        String domain = pegasus.indicators().stream().filter(i -> i.type() == IndicatorType.DOMAIN).findFirst().orElseThrow().value();
        assertThat(iocs.url("https://x." + domain + "/path")).get().satisfies(m -> {
            assertThat(m.indicator().collection()).isEqualTo("Pegasus");
            assertThat(m.indicator().source()).isEqualTo("amnesty-investigations/2021-07-18_nso/pegasus.stix2");
        });
        assertThat(BundledIocs.load(Set.of("AmnestyTech/investigations/2021-07-18_nso/pegasus.stix2"))).hasSize(16);
    }

    @Test
    void noticeCarriesTheAttributionLines() throws IOException {
        String notice;
        try (var in = BundledIocs.class.getClassLoader().getResourceAsStream("dev/vigil/iocs/NOTICE.md")) {
            notice = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String upstream = Files.readString(SharedIocs.file("NOTICE.md"));
        for (String line : List.of(
                "Indicators of compromise © Amnesty International, from https://github.com/AmnestyTech/investigations",
                "(commit 3d8f248), licensed under CC BY 2.0. Unmodified.",
                "Indicators from https://github.com/mvt-project/mvt-indicators (commit e035f4f),",
                "Copyright (c) 2022 MVT, MIT licence (see mvt-indicators/LICENSE). Unmodified.",
                "Stalkerware indicators © Echap (https://echap.eu.org), from",
                "https://github.com/AssoEchap/stalkerware-indicators (commit a04c5c1), licensed under",
                "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Unmodified.")) {
            assertThat(notice).contains(line);
            assertThat(upstream).contains(line);
        }
        try (var in = BundledIocs.class.getClassLoader().getResourceAsStream("dev/vigil/iocs/mvt-indicators/LICENSE")) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("MIT License").contains("Copyright (c) 2022 MVT");
        }
    }

    @Test
    void loadOnlyGivenPaths(@TempDir Path dir) throws IOException {
        Indicators iocs = IocSets.load(List.of(SharedIocs.file("mvt-indicators/cellebrite/cellebrite.stix2")), AllowList.none());
        assertThat(iocs.size()).isEqualTo(1);
        assertThat(iocs.appId("com.client.appA")).isPresent();
        assertThatThrownBy(() -> IocSets.load(List.of(dir.resolve("nope")), AllowList.none())).isInstanceOf(IOException.class);
    }
}
