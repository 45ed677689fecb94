package dev.vigil.server.testing;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.samples.Sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test sample: a few notes, one with a planted indicator link, one with hostile markup. */
public final class NotesSample implements Sample {
    public static final String DOMAIN = "pegasus-test.example";
    public static final String LATE_DOMAIN = "predator-test.example";
    public static final String XSS = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";

    /** The indicator planted in the sample. */
    public static Indicators indicators() {
        return Indicators.of(new Indicator(IndicatorType.DOMAIN, DOMAIN, "NSO Group Pegasus", "Test publication (2021)", "indicator--t1"));
    }

    /** A later indicator set that also knows a second domain in the sample (for retro-hunt). */
    public static Indicators laterIndicators() {
        return Indicators.of(new Indicator(IndicatorType.DOMAIN, DOMAIN, "NSO Group Pegasus", "Test publication (2021)", "indicator--t1"),
                new Indicator(IndicatorType.DOMAIN, LATE_DOMAIN, "Intellexa Predator", "Test publication (2023)", "indicator--t2"));
    }

    @Override
    public String name() {
        return "test-notes";
    }

    @Override
    public String evidenceType() {
        return "test-notes";
    }

    @Override
    public String description() {
        return "Test notes with a planted " + DOMAIN + " link";
    }

    @Override
    public Path build(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("notes.txt");
        String s = NotesEvidenceType.MAGIC + "\n"
                + "2021-07-14T09:00:00Z\t+41791234567\tSee you at noon\n"
                + "2021-07-14T10:00:00Z\tunknown\tYour parcel: https://" + DOMAIN + "/track/1\n"
                + "2021-07-14T11:00:00Z\tprank\t" + XSS + "\n"
                + "2021-07-14T12:00:00Z\tnews\tRead https://" + LATE_DOMAIN + "/story\n";
        Files.writeString(f, s, StandardCharsets.UTF_8);
        return f;
    }
}
