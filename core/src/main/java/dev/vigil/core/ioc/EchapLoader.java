package dev.vigil.core.ioc;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the Echap stalkerware indicator file ({@code ioc.yaml}, and {@code watchware.yaml}
 * in the same format): a YAML list of apps, each with a {@code name}, a {@code type}
 * ("stalkerware" or "watchware") and lists of indicators.
 *
 * <p>What becomes an indicator, per app (collection "Stalkerware: NAME" or "Watchware: NAME"):
 * <ul>
 *   <li>{@code packages}, {@code ios_bundles} -> app:id;</li>
 *   <li>{@code certificates} (40-hex SHA-1 fingerprints, upper case upstream) -> app:cert.sha1,
 *       lower-cased (32/64 hex would be MD5/SHA-256);</li>
 *   <li>{@code c2.domains} -> domain-name:value (an IP written there becomes an IP indicator);</li>
 *   <li>{@code c2.ips} and {@code c2.ip} (two apps use the singular key) -> ipv4/ipv6-addr:value;</li>
 *   <li>{@code distribution} (sites the app is downloaded from) -> domain-name:value, as in
 *       Echap's own generated network.csv.</li>
 * </ul>
 * {@code websites} (the vendors' marketing sites, e.g. {@code accounts.wondershare.com}) are
 * NOT loaded: visiting a vendor's site is not a trace of infection, Echap's own network
 * indicators leave them out too, and they would raise CRITICAL alerts for anyone who merely
 * read about the product. Duplicate values within one app are kept once.
 * Indicator ids are {@code APP/field}, e.g. {@code TheTruthSpy/c2.domains}.
 */
final class EchapLoader {
    private EchapLoader() {}

    /** True when the YAML root looks like the Echap app list. */
    static boolean accepts(JsonNode root) {
        if (!root.isArray() || root.isEmpty()) return false;
        JsonNode first = root.get(0);
        return first.isObject() && first.has("name")
                && (first.has("packages") || first.has("c2") || first.has("certificates") || first.has("type"));
    }

    static StixLoader.Loaded load(JsonNode root, String display, String source) {
        List<Indicator> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int index = 0;
        for (JsonNode app : root) {
            index++;
            if (!app.isObject()) {
                warnings.add(display + ": entry " + index + " is not an app mapping; not used");
                continue;
            }
            String name = text(app.get("name"));
            if (name == null || name.isBlank()) {
                warnings.add(display + ": entry " + index + " has no name; not used");
                continue;
            }
            String kind = text(app.get("type"));
            String collection = ("watchware".equalsIgnoreCase(kind) ? "Watchware: " : "Stalkerware: ") + name.strip();
            Set<String> seen = new HashSet<>();
            int before = out.size();
            Adder add = (type, field, value) -> {
                String v = IocLoader.indicatorValue(type, value);
                if (v == null) {
                    warnings.add(display + ": " + name + "/" + field + ": '" + StixLoader.clip(value) + "' is not a valid " + type.stixKey() + "; not used");
                    return;
                }
                if (seen.add(type + "\u0000" + v.toLowerCase(Locale.ROOT))) out.add(new Indicator(type, v, collection, source, name + "/" + field));
            };
            for (String v : list(app, "packages", display, name, warnings)) add.add(IndicatorType.APP_ID, "packages", v);
            for (String v : list(app, "ios_bundles", display, name, warnings)) add.add(IndicatorType.APP_ID, "ios_bundles", v);
            for (String v : list(app, "certificates", display, name, warnings)) {
                String h = v.replace(":", "").strip();
                IndicatorType t = switch (h.length()) {
                    case 32 -> IndicatorType.CERT_MD5;
                    case 64 -> IndicatorType.CERT_SHA256;
                    default -> IndicatorType.CERT_SHA1;
                };
                add.add(t, "certificates", h);
            }
            JsonNode c2 = app.get("c2");
            if (c2 != null && c2.isObject()) {
                for (String v : list(c2, "domains", display, name, warnings)) {
                    IndicatorType ip = Normalize.ipType(v);
                    add.add(ip != null ? ip : IndicatorType.DOMAIN, "c2.domains", v);
                }
                for (String key : new String[] {"ips", "ip"}) {
                    for (String v : list(c2, key, display, name, warnings)) {
                        IndicatorType ip = Normalize.ipType(v);
                        add.add(ip != null ? ip : IndicatorType.IPV4, "c2." + key, v);
                    }
                }
            } else if (c2 != null && !c2.isNull()) {
                warnings.add(display + ": " + name + "/c2 is not a mapping; not used");
            }
            for (String v : list(app, "distribution", display, name, warnings)) {
                IndicatorType ip = Normalize.ipType(v);
                add.add(ip != null ? ip : IndicatorType.DOMAIN, "distribution", v);
            }
            if (out.size() == before) {
                warnings.add(display + ": " + name + ": no package, certificate, C2 or distribution entry"
                        + (app.has("websites") ? " (only vendor websites, which are not loaded as indicators)" : "") + "; nothing to match");
            }
        }
        return new StixLoader.Loaded(out, warnings);
    }

    private interface Adder {
        void add(IndicatorType type, String field, String value);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    /** A list of scalars; a single scalar is accepted as a list of one. */
    private static List<String> list(JsonNode parent, String key, String display, String app, List<String> warnings) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return List.of();
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                String t = text(e);
                if (t == null || t.isBlank()) warnings.add(display + ": " + app + "/" + key + ": an entry is not a plain value; not used");
                else out.add(t.strip());
            }
        } else if (text(n) != null) {
            out.add(text(n).strip());
        } else {
            warnings.add(display + ": " + app + "/" + key + " is not a list; not used");
        }
        return out;
    }
}
