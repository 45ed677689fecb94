package dev.vigil.spark;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSource;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The indicator sources in a compact serializable form, broadcast once to the executors.
 * Each executor JVM compiles them into the core {@link Indicators} matcher once
 * ({@link #compiled()}: a lazily filled static holder keyed by the payload's digest), so tasks
 * share one hashed matcher and nothing is compiled per row or per task.
 */
public final class IndicatorPayload implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final Map<String, Indicators> COMPILED = new ConcurrentHashMap<>();

    private final String digest;
    private final String[] files, shas, formats;
    private final int[] sourceOf;
    private final byte[] types;
    private final String[] values, collections, ids;

    public IndicatorPayload(List<IocSource> sources) {
        int n = sources.stream().mapToInt(s -> s.indicators().size()).sum();
        files = new String[sources.size()];
        shas = new String[sources.size()];
        formats = new String[sources.size()];
        sourceOf = new int[n];
        types = new byte[n];
        values = new String[n];
        collections = new String[n];
        ids = new String[n];
        MessageDigest md = sha256();
        int k = 0;
        for (int s = 0; s < sources.size(); s++) {
            IocSource src = sources.get(s);
            files[s] = src.file();
            shas[s] = src.sha256();
            formats[s] = src.format();
            md.update((src.file() + "\u0000" + src.sha256() + "\u0000").getBytes(StandardCharsets.UTF_8));
            for (Indicator i : src.indicators()) {
                sourceOf[k] = s;
                types[k] = (byte) i.type().ordinal();
                values[k] = i.value();
                collections[k] = i.collection();
                ids[k] = i.id();
                md.update((i.type().name() + "\u0000" + i.value() + "\u0000" + i.collection() + "\u0000" + i.source() + "\n").getBytes(StandardCharsets.UTF_8));
                k++;
            }
        }
        digest = HexFormat.of().formatHex(md.digest());
        // indicator sources: kept per indicator through its source index
        this.indicatorSources = new String[n];
        k = 0;
        for (IocSource src : sources) for (Indicator i : src.indicators()) indicatorSources[k++] = i.source();
    }

    private final String[] indicatorSources;

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of indicators carried. */
    public int size() {
        return values.length;
    }

    public String digest() {
        return digest;
    }

    /** The sources back as core objects. */
    public List<IocSource> sources() {
        IndicatorType[] all = IndicatorType.values();
        List<List<Indicator>> per = new ArrayList<>();
        for (int s = 0; s < files.length; s++) per.add(new ArrayList<>());
        for (int k = 0; k < values.length; k++) {
            per.get(sourceOf[k]).add(new Indicator(all[types[k]], values[k], collections[k], indicatorSources[k], ids[k]));
        }
        List<IocSource> out = new ArrayList<>();
        for (int s = 0; s < files.length; s++) out.add(new IocSource(files[s], shas[s], formats[s], per.get(s), List.of()));
        return out;
    }

    /** The compiled matcher of this payload in this JVM, built on first use. */
    public Indicators compiled() {
        return COMPILED.computeIfAbsent(digest, d -> Indicators.of(sources()));
    }

    /** How many distinct payloads this JVM compiled (for tests: compiled once, not per task). */
    static int compiledCount() {
        return COMPILED.size();
    }
}
