package dev.vigil.android;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the public indicator files the Android samples plant values from (a small test-only
 * reader of STIX patterns and the Echap YAML; the product's loaders live in the IOC engine),
 * so tests prove the planted values are really in the published sets.
 */
public final class TestIocs {
    private static final Pattern PATTERN = Pattern.compile("^\\[([a-z0-9-]+:[a-z0-9._-]+)\\s*=\\s*'(.*)'\\]$");

    private TestIocs() {}

    public static Path shared() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("shared/iocs"))) return p.resolve("shared");
            p = p.getParent();
        }
        throw new IllegalStateException("no shared/iocs found above " + Path.of("").toAbsolutePath());
    }

    public static IocSource stix(String relative) throws IOException {
        Path f = shared().resolve("iocs").resolve(relative);
        JsonNode root = new ObjectMapper().readTree(f.toFile());
        String collection = "";
        for (JsonNode o : root.path("objects")) if (o.path("type").asText().equals("malware")) collection = o.path("name").asText();
        List<Indicator> out = new ArrayList<>();
        for (JsonNode o : root.path("objects")) {
            if (!o.path("type").asText().equals("indicator")) continue;
            Matcher m = PATTERN.matcher(o.path("pattern").asText());
            if (!m.matches()) continue;
            IndicatorType t = IndicatorType.ofStixKey(m.group(1));
            if (t != null) out.add(new Indicator(t, m.group(2), collection, relative, o.path("id").asText(null)));
        }
        return new IocSource(relative, "", "stix2", out, List.of());
    }

    public static IocSource stalkerware() throws IOException {
        String rel = "stalkerware-indicators/ioc.yaml";
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(shared().resolve("iocs").resolve(rel).toFile());
        List<Indicator> out = new ArrayList<>();
        for (JsonNode app : root) {
            String coll = "Stalkerware: " + app.path("name").asText();
            for (JsonNode p : app.path("packages")) out.add(new Indicator(IndicatorType.APP_ID, p.asText(), coll, rel, null));
            for (JsonNode c : app.path("certificates")) {
                String h = c.asText().replace(":", "");
                IndicatorType t = h.length() == 64 ? IndicatorType.CERT_SHA256 : h.length() == 40 ? IndicatorType.CERT_SHA1 : IndicatorType.CERT_MD5;
                out.add(new Indicator(t, h.toLowerCase(java.util.Locale.ROOT), coll, rel, null));
            }
            for (JsonNode w : app.path("websites")) out.add(new Indicator(IndicatorType.DOMAIN, w.asText(), coll, rel, null));
            for (JsonNode w : app.path("c2").path("domains")) out.add(new Indicator(IndicatorType.DOMAIN, w.asText(), coll, rel, null));
        }
        return new IocSource(rel, "", "echap-yaml", out, List.of());
    }

    /** NoviSpy, ResidentBat, the 2023 Android campaign and the stalkerware set. */
    public static Indicators android() throws IOException {
        return Indicators.of(List.of(stix("amnesty-investigations/2024-12-16_serbia_novispy/novispy.stix2"),
                stix("mvt-indicators/ResidentBat/residentbat.stix2"),
                stix("amnesty-investigations/2023-03-29_android_campaign/malware.stix2"), stalkerware()));
    }
}
