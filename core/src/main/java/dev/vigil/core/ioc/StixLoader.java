package dev.vigil.core.ioc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a STIX 2.1 bundle with Jackson's streaming parser (no object tree): the indicators
 * with their patterns, and the names that give each indicator its collection.
 *
 * <p>Collection of an indicator, first found wins: the {@code name} of the object an
 * {@code indicates} relationship points it at (malware, intrusion-set, campaign, tool,
 * threat-actor...), in bundle order; then the {@code name} of a {@code report} whose
 * {@code object_refs} lists it; then the bundle's only malware object; then the file name.
 * Relationships and refs to objects that are not in the bundle are tolerated and reported.
 */
final class StixLoader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(16 << 20).build())
            .build();

    private StixLoader() {}

    private record RawIndicator(String id, String pattern, String patternType, String name) {}

    private record Relationship(String id, String type, String source, String target) {}

    /**
     * Parses a bundle. {@code display} names the file in messages, {@code source} is written
     * in each indicator, {@code fallback} is the collection of last resort.
     */
    static Loaded load(byte[] bytes, String display, String source, String fallback) throws IOException {
        List<RawIndicator> indicators = new ArrayList<>();
        List<Relationship> relationships = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        List<String> malwareNames = new ArrayList<>();
        List<String> reportRefs = new ArrayList<>();
        boolean bundle = false;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException(display + ": not a STIX 2 bundle (expected a JSON object)");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("type")) {
                    bundle = t == JsonToken.VALUE_STRING && "bundle".equals(p.getText());
                } else if (field.equals("objects") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() != JsonToken.START_OBJECT) { p.skipChildren(); continue; }
                        readObject(p, indicators, relationships, names, malwareNames, reportRefs);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(display + ": malformed JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
        if (!bundle) throw new IOException(display + ": not a STIX 2 bundle (no \"type\": \"bundle\")");

        List<String> warnings = new ArrayList<>();
        Map<String, RawIndicator> byId = new LinkedHashMap<>();
        for (RawIndicator i : indicators) byId.putIfAbsent(i.id(), i);
        Map<String, String> collection = new HashMap<>();
        for (Relationship r : relationships) {
            if (!"indicates".equals(r.type())) continue;
            if (r.source() == null || !byId.containsKey(r.source())) {
                warnings.add(display + ": " + r.id() + " refers to " + r.source() + ", which is not in the bundle (ignored)");
                continue;
            }
            String name = names.get(r.target());
            if (name == null) {
                warnings.add(display + ": " + r.id() + " points " + r.source() + " at " + r.target() + ", which is not in the bundle or has no name");
                continue;
            }
            collection.putIfAbsent(r.source(), name);
        }
        for (String ref : reportRefs) {
            int tab = ref.indexOf('\t');
            String report = ref.substring(0, tab), target = ref.substring(tab + 1);
            if (target.startsWith("indicator--")) collection.putIfAbsent(target, report);
        }
        String single = malwareNames.size() == 1 ? malwareNames.get(0) : null;
        List<Indicator> out = new ArrayList<>();
        for (RawIndicator raw : byId.values()) {
            String where = display + ": " + raw.id();
            if (raw.pattern() == null) {
                warnings.add(where + ": indicator has no pattern");
                continue;
            }
            if (raw.patternType() != null && !raw.patternType().equals("stix")) {
                warnings.add(where + ": pattern_type '" + raw.patternType() + "' is not a STIX pattern; not used");
                continue;
            }
            StixPattern.Expr expr;
            try {
                expr = StixPattern.parse(raw.pattern());
            } catch (StixPattern.ParseException e) {
                warnings.add(where + ": invalid pattern (" + e.getMessage() + "): " + clip(raw.pattern()));
                continue;
            }
            StixPattern.Result r = StixPattern.indicators(expr);
            for (String problem : r.problems()) warnings.add(where + ": " + problem + ": " + clip(raw.pattern()));
            String coll = collection.getOrDefault(raw.id(), single != null ? single : fallback);
            for (StixPattern.Term term : r.terms()) {
                String value = IocLoader.indicatorValue(term.type(), term.value());
                if (value == null) {
                    warnings.add(where + ": value '" + clip(term.value()) + "' is not a valid " + term.type().stixKey());
                    continue;
                }
                out.add(new Indicator(term.type(), value, coll, source, raw.id()));
            }
        }
        return new Loaded(out, warnings);
    }

    record Loaded(List<Indicator> indicators, List<String> warnings) {}

    static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static void readObject(JsonParser p, List<RawIndicator> indicators, List<Relationship> relationships,
                                   Map<String, String> names, List<String> malwareNames, List<String> reportRefs) throws IOException {
        String type = null, id = null, pattern = null, patternType = null, name = null;
        String relType = null, source = null, target = null;
        List<String> refs = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING) {
                switch (f) {
                    case "type" -> type = p.getText();
                    case "id" -> id = p.getText();
                    case "pattern" -> pattern = p.getText();
                    case "pattern_type" -> patternType = p.getText();
                    case "name" -> name = p.getText();
                    case "relationship_type" -> relType = p.getText();
                    case "source_ref" -> source = p.getText();
                    case "target_ref" -> target = p.getText();
                    default -> { }
                }
            } else if (t == JsonToken.START_ARRAY && f.equals("object_refs")) {
                refs = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() == JsonToken.VALUE_STRING) refs.add(p.getText());
                    else p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        if (type == null) return;
        switch (type) {
            case "indicator" -> indicators.add(new RawIndicator(id == null ? "(indicator without id)" : id, pattern, patternType, name));
            case "relationship" -> relationships.add(new Relationship(id, relType, source, target));
            case "report" -> {
                if (name != null && refs != null) for (String r : refs) reportRefs.add(name + "\t" + r);
                if (id != null && name != null) names.put(id, name);
            }
            default -> {
                if (id != null && name != null) names.put(id, name);
                if (type.equals("malware") && name != null) malwareNames.add(name);
            }
        }
    }
}
