package dev.vigil.core.ioc;

import java.util.List;
import java.util.Map;

/**
 * What was loaded from one indicator file, for run.json and {@code vigil iocs list}.
 *
 * @param file          path or resource name of the file
 * @param sha256        hex SHA-256 of the file's bytes
 * @param format        "stix2", "echap-yaml", "indicator-index", ...
 * @param indicators    the indicators it gave
 * @param warnings      patterns or entries that could not be used, each naming file and id
 */
public record IocSource(String file, String sha256, String format, List<Indicator> indicators, List<String> warnings) {
    public IocSource {
        indicators = List.copyOf(indicators);
        warnings = List.copyOf(warnings);
    }

    public Map<String, Long> countsByType() {
        var m = new java.util.TreeMap<String, Long>();
        for (Indicator i : indicators) m.merge(i.type().stixKey(), 1L, Long::sum);
        return m;
    }

    public Map<String, Long> countsByCollection() {
        var m = new java.util.TreeMap<String, Long>();
        for (Indicator i : indicators) m.merge(i.collection(), 1L, Long::sum);
        return m;
    }
}
