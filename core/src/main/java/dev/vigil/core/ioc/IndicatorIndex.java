package dev.vigil.core.ioc;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An MVT-style indicator index ({@code indicators.yaml} of mvt-project/mvt-indicators): a
 * list of indicator files to download, each either
 * <pre>
 *   - type: github
 *     name: NSO Group Pegasus Indicators of Compromise
 *     github: {owner: AmnestyTech, repo: investigations, branch: master, path: 2021-07-18_nso/pegasus.stix2}
 *   - name: Some set
 *     download_url: https://example.org/set.stix2
 * </pre>
 * {@code vigil iocs update} reads it to know what to fetch.
 */
public final class IndicatorIndex {
    /** Default index: the mvt-indicators list on GitHub. */
    public static final String DEFAULT_URL = "https://raw.githubusercontent.com/mvt-project/mvt-indicators/main/indicators.yaml";

    /**
     * One file of the index.
     *
     * @param name     the set's name as the index gives it
     * @param url      where to download it
     * @param upstream "owner/repo/path" for GitHub entries (used to replace the bundled copy
     *                 of the same file), else the URL
     */
    public record Entry(String name, URI url, String upstream) {}

    private final List<Entry> entries;
    private final List<String> warnings;

    private IndicatorIndex(List<Entry> entries, List<String> warnings) {
        this.entries = List.copyOf(entries);
        this.warnings = List.copyOf(warnings);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Entries that could not be used, each naming the index and the entry. */
    public List<String> warnings() {
        return warnings;
    }

    static boolean accepts(JsonNode root) {
        return root.isObject() && root.has("indicators") && root.get("indicators").isArray();
    }

    /** Parses index text (YAML or JSON). */
    public static IndicatorIndex parse(byte[] bytes, String display) throws IOException {
        JsonNode root = IocLoader.readYaml(bytes, display);
        if (!accepts(root)) throw new IOException(display + ": not an indicator index (expected a mapping with an 'indicators' list)");
        return of(root, display);
    }

    static IndicatorIndex of(JsonNode root, String display) {
        List<Entry> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int n = 0;
        for (JsonNode e : root.get("indicators")) {
            n++;
            String name = e.hasNonNull("name") ? e.get("name").asText() : "entry " + n;
            String where = display + ": " + name;
            String type = e.hasNonNull("type") ? e.get("type").asText() : "";
            JsonNode gh = e.get("github");
            try {
                if (type.equals("github") || gh != null && gh.isObject()) {
                    if (gh == null || !gh.isObject()) throw new IllegalArgumentException("type github without a 'github' mapping");
                    String owner = field(gh, "owner"), repo = field(gh, "repo"), branch = gh.hasNonNull("branch") ? field(gh, "branch") : "main";
                    String path = field(gh, "path");
                    for (String part : (owner + "/" + repo + "/" + branch + "/" + path).split("/")) {
                        if (part.isEmpty() || part.equals(".") || part.equals("..")) throw new IllegalArgumentException("bad github path '" + owner + "/" + repo + "/" + branch + "/" + path + "'");
                    }
                    URI url = URI.create("https://raw.githubusercontent.com/" + owner + "/" + repo + "/" + branch + "/" + path);
                    out.add(new Entry(name, url, owner + "/" + repo + "/" + path));
                } else if (e.hasNonNull("download_url")) {
                    URI url = URI.create(e.get("download_url").asText().strip());
                    if (url.getScheme() == null || url.getHost() == null) throw new IllegalArgumentException("download_url is not an absolute URL");
                    out.add(new Entry(name, url, url.toString()));
                } else {
                    throw new IllegalArgumentException("neither a github entry nor a download_url");
                }
            } catch (IllegalArgumentException ex) {
                warnings.add(where + ": " + ex.getMessage() + "; not used");
            }
        }
        return new IndicatorIndex(out, warnings);
    }

    private static String field(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || v.isContainerNode() || v.asText().isBlank()) throw new IllegalArgumentException("github." + key + " missing");
        return v.asText().strip();
    }
}
