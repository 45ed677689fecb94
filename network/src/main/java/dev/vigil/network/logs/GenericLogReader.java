package dev.vigil.network.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.vigil.network.CorruptInputException;
import dev.vigil.network.NetSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * DNS and proxy logs of any product, as CSV (with a header line; comma, tab, semicolon or
 * pipe separated) or JSON lines, read through a {@link ColumnMapping}. A row with a query
 * becomes a DNS event, one with a URL or host an HTTP event, one with a server name a TLS
 * event, and one with only client and server a flow.
 */
public final class GenericLogReader {
    private static final CsvMapper CSV = new CsvMapper();

    private GenericLogReader() {}

    /** The separator of a CSV header line, or 0 when it does not look like one. */
    public static char csvSeparator(String header) {
        char best = 0;
        long bestCount = 0;
        for (char c : new char[] {',', '\t', ';', '|'}) {
            long n = header.chars().filter(x -> x == c).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return best;
    }

    public static long readCsv(InputStream in, char sep, ColumnMapping mapping, String input, NetSink sink) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(sep).withoutHeader();
        long used = 0, skipped = 0;
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).with(schema).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (!it.hasNextValue()) throw new CorruptInputException("empty CSV log");
            String[] header = it.nextValue();
            if (header.length > 4096) throw new CorruptInputException("CSV header with " + header.length + " columns");
            List<String> names = Arrays.stream(header).map(String::strip).toList();
            Map<String, String> cols = mapping.resolve(names);
            check(mapping, cols, names);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) index.putIfAbsent(names.get(i), i);
            while (it.hasNextValue()) {
                String[] v;
                try {
                    v = it.nextValue();
                } catch (RuntimeException e) {
                    skipped++;
                    break; // the parser cannot resync after a broken quote
                }
                Row row = f -> {
                    Integer i = index.get(f);
                    if (i == null || i >= v.length) return null;
                    String s = v[i].strip();
                    return s.isEmpty() || s.equals("-") ? null : s;
                };
                if (emit(row, cols, input, sink)) used++;
                else skipped++;
            }
        }
        if (skipped > 0) sink.warn(input, skipped + " rows had none of the mapped columns filled or could not be parsed; skipped");
        return used;
    }

    public static long readJsonLines(InputStream in, ColumnMapping mapping, String input, NetSink sink) throws IOException {
        Lines lines = new Lines(in);
        long used = 0, bad = 0, skipped = 0;
        Map<String, String> cols = null;
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) continue;
            JsonNode n = Lines.jsonObject(line);
            if (n == null) {
                bad++;
                continue;
            }
            if (cols == null) {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = n.fieldNames(); it.hasNext() && names.size() < 4096; ) names.add(it.next());
                cols = mapping.resolve(names);
                check(mapping, cols, names);
            }
            if (emit(Row.json(n), cols, input, sink)) used++;
            else skipped++;
        }
        if (bad > 0) sink.warn(input, bad + " lines were not JSON objects; skipped");
        if (skipped > 0) sink.warn(input, skipped + " entries had none of the mapped fields; skipped");
        if (lines.cut() > 0) sink.warn(input, lines.cut() + " lines longer than " + Lines.MAX_LINE + " bytes were cut");
        return used;
    }

    private static void check(ColumnMapping mapping, Map<String, String> cols, List<String> names) throws CorruptInputException {
        List<String> missing = mapping.missing(cols);
        if (!missing.isEmpty()) {
            throw new CorruptInputException("the column mapping names columns this log does not have: " + String.join(", ", missing)
                    + " (columns: " + String.join(", ", names.subList(0, Math.min(names.size(), 30))) + ")");
        }
        if (!cols.containsKey("query") && !cols.containsKey("url") && !cols.containsKey("host") && !cols.containsKey("sni")
                && !cols.containsKey("server")) {
            throw new CorruptInputException("no column holds a query, URL, host, server name or server address (columns: "
                    + String.join(", ", names.subList(0, Math.min(names.size(), 30))) + "); give --columns, e.g. time=ts,client=src,query=domain");
        }
    }

    private static boolean emit(Row r, Map<String, String> cols, String input, NetSink sink) {
        java.util.function.Function<String, String> g = role -> cols.containsKey(role) ? r.get(cols.get(role)) : null;
        long t = TimeParse.parse(g.apply("time"));
        String client = g.apply("client"), server = g.apply("server");
        int port = Row.port(g.apply("port"));
        String transport = g.apply("transport");
        if (transport != null) transport = transport.toLowerCase(java.util.Locale.ROOT);
        boolean any = false;
        String query = g.apply("query");
        if (query != null) {
            List<String> answers = cols.containsKey("answers") ? r.list(cols.get("answers"), ",") : List.of();
            if (answers.size() == 1 && answers.get(0).indexOf(' ') > 0) answers = List.of(answers.get(0).split("[ ;|]+"));
            for (String a : answers) if (ZeekReader.isIp(a)) sink.resolved(a, query);
            sink.dns(input, t, client, server, port, transport, query, g.apply("qtype"), false, null, answers);
            any = true;
        }
        String url = g.apply("url"), host = g.apply("host");
        if (url != null || host != null && query == null) {
            String u = url;
            if (u == null || !u.contains("://") && host != null && u.startsWith("/")) u = "http://" + host + (u == null ? "/" : u);
            sink.http(input, t, client, server, port, g.apply("method"), host, u, null);
            any = true;
        }
        String sni = g.apply("sni");
        if (sni != null) {
            sink.tls(input, t, client, server, port, sni, null, null);
            any = true;
        }
        if (!any && server != null) {
            sink.flow(input, t, client, server, port, transport, 0, 0, 0);
            any = true;
        }
        return any;
    }
}
