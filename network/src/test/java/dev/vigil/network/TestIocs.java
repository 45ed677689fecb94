package dev.vigil.network;

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
 * Test indicators read from the public STIX2 files in ../shared/iocs (domain and IPv4
 * patterns only: a test helper, not the product's loader), so the planted values are checked
 * to really be in the published sets.
 */
final class TestIocs {
    private static final Pattern P = Pattern.compile("(domain-name|ipv4-addr|ipv6-addr|url):value\\s*=\\s*'([^']+)'");

    private TestIocs() {}

    static Path shared() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("shared/iocs"))) return p.resolve("shared");
            p = p.getParent();
        }
        throw new IllegalStateException("no shared/iocs above " + Path.of("").toAbsolutePath());
    }

    static IocSource stix(String relative, String collection) throws IOException {
        Path f = shared().resolve("iocs").resolve(relative);
        String text = Files.readString(f);
        List<Indicator> out = new ArrayList<>();
        Matcher m = P.matcher(text);
        while (m.find()) {
            IndicatorType t = switch (m.group(1)) {
                case "domain-name" -> IndicatorType.DOMAIN;
                case "ipv4-addr" -> IndicatorType.IPV4;
                case "ipv6-addr" -> IndicatorType.IPV6;
                default -> IndicatorType.URL;
            };
            out.add(new Indicator(t, m.group(2).toLowerCase(java.util.Locale.ROOT), collection, relative, null));
        }
        return new IocSource(relative, "", "stix2", out, List.of());
    }

    static Indicators demo() throws IOException {
        return Indicators.of(List.of(
                stix("amnesty-investigations/2021-07-18_nso/pegasus.stix2", "NSO Group Pegasus"),
                stix("mvt-indicators/2024-12-25_eaglemsgspy/eaglemsgspy.stix2", "EagleMsgSpy"),
                stix("mvt-indicators/ResidentBat/residentbat.stix2", "ResidentBat")));
    }
}
