package dev.vigil.network;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.model.Record;
import dev.vigil.network.capture.CaptureReader;
import dev.vigil.network.capture.PacketDecoder;
import dev.vigil.network.intrusion.IntrusionEvent;
import dev.vigil.network.intrusion.IntrusionLogParser;
import dev.vigil.network.logs.ColumnMapping;
import dev.vigil.network.logs.EveReader;
import dev.vigil.network.logs.GenericLogReader;
import dev.vigil.network.logs.ZeekReader;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One pass over every input of a network check: each file's format is detected from its
 * content and read by its reader into one {@link Aggregator}; the modules (DNS, flows, TLS,
 * HTTP, inputs) then take their records from the same result, so a 1 GB capture is read once,
 * not once per module. Each input is read on its own: a corrupt one is reported and the others
 * are still read.
 */
public final class Analysis {
    /** Decompressed size bound for gzip-compressed inputs. */
    static final long MAX_GUNZIPPED = 64L << 30;

    /** What happened to one input. */
    public record InputResult(String path, String format, long size, long packets, long events, String status, String problem,
                              List<String> warnings) {}

    private final List<InputResult> inputs;
    private final List<Record> dns, flows, tls, http;
    private final List<String> notes;

    private Analysis(List<InputResult> inputs, Aggregator agg) {
        this.inputs = List.copyOf(inputs);
        this.dns = agg.dnsRecords();
        this.flows = agg.flowRecords();
        this.tls = agg.tlsRecords();
        this.http = agg.httpRecords();
        this.notes = agg.limitNotes();
    }

    private static final Map<EvidenceSource, CompletableFuture<Analysis>> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    /** The analysis of a source, computed by the first module that asks and shared with the others. */
    public static Analysis of(EvidenceSource source, String columns) throws IOException {
        CompletableFuture<Analysis> mine = new CompletableFuture<>();
        CompletableFuture<Analysis> f = CACHE.putIfAbsent(source, mine);
        if (f == null) {
            try {
                mine.complete(run(source, columns));
            } catch (Throwable e) {
                mine.completeExceptionally(e);
            }
            f = mine;
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the inputs were read");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }

    static Analysis run(EvidenceSource source, String columns) throws IOException {
        ColumnMapping mapping;
        try {
            mapping = columns == null ? ColumnMapping.guess() : ColumnMapping.parse(columns);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        Aggregator agg = new Aggregator();
        List<InputResult> results = new ArrayList<>();
        for (EvidenceFile f : source.find("**")) {
            if (f.attributes().containsKey("symlink")) continue;
            results.add(readOne(source, f, mapping, agg));
        }
        return new Analysis(results, agg);
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            if (count > MAX_GUNZIPPED) throw new IOException("decompressed data over " + MAX_GUNZIPPED + " bytes: refusing (a compression bomb?)");
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            if (count > MAX_GUNZIPPED) throw new IOException("decompressed data over " + MAX_GUNZIPPED + " bytes: refusing (a compression bomb?)");
            return n;
        }
    }

    private static InputResult readOne(EvidenceSource source, EvidenceFile f, ColumnMapping mapping, Aggregator agg) {
        String name = f.path();
        String format = "unknown";
        long packets = 0, events = 0;
        try (InputStream raw = source.open(f)) {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 20);
            InputFormat fmt = peek(in);
            if (fmt == InputFormat.GZIP) {
                in = new BufferedInputStream(new Counting(new java.util.zip.GZIPInputStream(in, 1 << 16)), 1 << 20);
                fmt = peek(in);
                format = "gzip/";
            } else {
                format = "";
            }
            format += fmt.label();
            switch (fmt) {
                case PCAP, PCAPNG -> {
                    PacketDecoder dec = new PacketDecoder(agg, name);
                    try {
                        CaptureReader.Stats st = CaptureReader.read(in, dec);
                        packets = st.packets;
                    } finally {
                        dec.finish();
                    }
                }
                case ZEEK_TSV, ZEEK_JSON -> events = ZeekReader.read(in, name, agg);
                case SURICATA_EVE -> events = EveReader.read(in, name, agg);
                case ANDROID_INTRUSION -> events = intrusion(in, name, agg);
                case CSV -> {
                    in.mark(1 << 16);
                    byte[] head = in.readNBytes(1 << 16);
                    in.reset();
                    String first = new String(head, java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).findFirst().orElse("");
                    events = GenericLogReader.readCsv(in, GenericLogReader.csvSeparator(first), mapping, name, agg);
                }
                case JSON_LINES -> events = GenericLogReader.readJsonLines(in, mapping, name, agg);
                default -> {
                    return new InputResult(name, format, f.size(), 0, 0, "unrecognised",
                            "not a format check-network reads (pcap, pcapng, Zeek, Suricata eve.json, Android intrusion log, CSV or JSON-lines log)",
                            warningsOf(agg, name));
                }
            }
            return new InputResult(name, format, f.size(), packets, events, "ok", null, warningsOf(agg, name));
        } catch (CorruptInputException e) {
            return new InputResult(name, format, f.size(), packets, events, e.truncated() ? "truncated" : "corrupt", e.getMessage(), warningsOf(agg, name));
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new InputResult(name, format, f.size(), packets, events, "error", msg, warningsOf(agg, name));
        }
    }

    private static List<String> warningsOf(Aggregator agg, String input) {
        return List.copyOf(agg.warnings().getOrDefault(input, List.of()));
    }

    private static InputFormat peek(BufferedInputStream in) throws IOException {
        in.mark(1 << 16);
        byte[] head = in.readNBytes(8192);
        in.reset();
        return InputFormat.detect(head, head.length);
    }

    private static long intrusion(InputStream in, String name, NetSink sink) throws IOException {
        IntrusionLogParser.Summary s = IntrusionLogParser.parse(in, e -> {
            long t = e.timeMillis() == 0 ? NetSink.UNKNOWN_TIME : e.timeMillis() * 1_000_000L;
            String client = e.packageName() == null ? "(device)" : e.packageName();
            if (e instanceof IntrusionEvent.Dns d) {
                for (String a : d.addresses()) sink.resolved(a, d.hostname());
                sink.dns(name, t, client, null, -1, null, d.hostname(), null, true, null, d.addresses());
            } else if (e instanceof IntrusionEvent.Connect c) {
                sink.flow(name, t, client, c.address(), c.port(), "tcp", 0, 0, 1);
            }
        });
        if (s.malformed() > 0) sink.warn(name, s.malformed() + " lines were not JSON events; skipped");
        if (s.security() > 0) sink.warn(name, s.security() + " security events (not network) are not read by check-network");
        if (s.other() > 0) sink.warn(name, s.other() + " lines were not intrusion-log events; skipped");
        return s.dns() + s.connect();
    }

    public List<InputResult> inputs() {
        return inputs;
    }

    public List<Record> dns() {
        return dns;
    }

    public List<Record> flows() {
        return flows;
    }

    public List<Record> tls() {
        return tls;
    }

    public List<Record> http() {
        return http;
    }

    /** Bounds reached while aggregating (every module repeats them as warnings). */
    public List<String> notes() {
        return notes;
    }
}
