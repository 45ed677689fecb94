package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line end to end, with the test evidence type of core's test jar. */
class CliTest {
    @TempDir
    Path tmp;

    private Path evidence(String visits) throws Exception {
        Path dir = tmp.resolve("evidence");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("visits.txt"), visits);
        return dir;
    }

    @Test
    void checkFindsAPegasusDomainAndExitsWith3() throws Exception {
        // A domain from Amnesty's 2021 Pegasus indicators, as a subdomain with a port and userinfo.
        Path ev = evidence("2021-07-01T10:00:00Z https://good.example@x.free247downloads.com:443/a?b\n2021-07-01T11:00:00Z https://example.org/\n");
        Path out = tmp.resolve("out");
        var r = CliRunner.run("check-test-visits", ev.toString(), "--iocs", SharedData.pegasus().toString(), "-o", out.toString());
        assertThat(r.status()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("visits").contains("CRITICAL");
        JsonNode alerts = Json.MAPPER.readTree(out.resolve("alerts.json").toFile());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("matched_indicator").get("value").asText()).isEqualTo("free247downloads.com");
        assertThat(alerts.get(0).get("matched_indicator").get("collection").asText()).containsIgnoringCase("Pegasus");
        JsonNode run = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertThat(run.get("inputs").get(0).get("path").asText()).isEqualTo("visits.txt");
        assertThat(run.get("inputs").get(0).get("sha256").asText()).hasSize(64);
        assertThat(run.get("modules").get(0).get("status").asText()).isEqualTo("ok");
        assertThat(run.get("ioc_sources").get(0).get("sha256").asText())
                .isEqualTo("df1bcaa78abc7b85781b1ebc2daa3cc225371e2024d9ef96e84f80f927256586");
    }

    @Test
    void cleanEvidenceExitsWith0AndCheckIocsRecountsAgainstNewIndicators() throws Exception {
        Path ev = evidence("https://x.free247downloads.com/\n");
        Path out = tmp.resolve("out");
        Path none = tmp.resolve("none.stix2");
        Files.writeString(none, "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[]}");
        var r = CliRunner.run("check-test-visits", ev.toString(), "--iocs", none.toString(), "-o", out.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).get("exit_status").asInt()).isZero();
        assertThat(Json.MAPPER.readTree(out.resolve("alerts.json").toFile())).isEmpty();

        var again = CliRunner.run("check-iocs", out.toString(), "--iocs", SharedData.pegasus().toString(), "--json");
        assertThat(again.status()).as(again.err()).isEqualTo(3);
        JsonNode summary = Json.MAPPER.readTree(again.out());
        assertThat(summary.get("alerts_by_level").get("CRITICAL").asInt()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(out.resolve("alerts.json").toFile())).hasSize(1);
        assertThat(Json.MAPPER.readTree(out.resolve("run.json").toFile()).get("alerts_by_level").get("CRITICAL").asInt()).isEqualTo(1);
    }

    @Test
    void badInputGivesOneClearLineAndTheRightStatus() throws Exception {
        var missing = CliRunner.run("check-test-visits", tmp.resolve("nope").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or folder").contains("nope").doesNotContain("Exception").doesNotContain("\tat ");

        Path broken = tmp.resolve("broken.stix2");
        Files.writeString(broken, "{\"type\":\"bundle\", \"objects\": [ {");
        var bad = CliRunner.run("check-test-visits", evidence("x").toString(), "--iocs", broken.toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err().lines().filter(l -> l.startsWith("vigil:")).toList()).singleElement().asString().contains("broken.stix2");
        assertThat(bad.err()).doesNotContain("\tat ");

        var wrongType = CliRunner.run("check", tmp.toString());
        assertThat(wrongType.status()).isEqualTo(2);
        assertThat(wrongType.err()).contains("is not evidence Vigil recognises");

        var usage = CliRunner.run("check-test-visits", "--no-such-option");
        assertThat(usage.status()).isEqualTo(2);
    }

    @Test
    void verifyDetectsAChangedInput() throws Exception {
        Path ev = evidence("https://example.org/\n");
        Path out = tmp.resolve("out");
        Path none = tmp.resolve("none.stix2");
        Files.writeString(none, "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[]}");
        assertThat(CliRunner.run("check-test-visits", ev.toString(), "--iocs", none.toString(), "-o", out.toString()).status()).isZero();
        var ok = CliRunner.run("verify", out.toString(), ev.toString());
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).contains("1 unchanged, 0 different");
        Files.writeString(ev.resolve("visits.txt"), "https://example.org/ changed\n");
        var changed = CliRunner.run("verify", out.toString(), ev.toString());
        assertThat(changed.status()).isEqualTo(1);
        assertThat(changed.out()).contains("CHANGED  visits.txt");
    }
}
