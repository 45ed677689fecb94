package dev.vigil.android.modules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * System properties ("[name]: [value]" lines) from AndroidQF's getprop.txt or the
 * "SYSTEM PROPERTIES" section of a bugreport. Properties are checked against
 * android-property indicators (some spyware sets its own properties). The security patch
 * level is compared with the acquisition date (acquisition.json "started", or the
 * bugreport's "== dumpstate:" time, or failing both the modification time of the file);
 * the date used is written in the record ({@code reference_date}, {@code reference_date_source})
 * so the check stays reproducible.
 */
public final class Getprop implements ArtifactModule {
    private static final Pattern PROP = Pattern.compile("^\\[(.+?)]: \\[(.*)]$");
    public static final String PATCH = "ro.build.version.security_patch";

    @Override
    public String slug() {
        return "getprop";
    }

    @Override
    public String description() {
        return "System properties: indicator properties and an outdated security patch level.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.BUGREPORT, AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("getprop.txt", "acquisition.json", "bugreport-*.txt");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        EvidenceSource src = ctx.source();
        boolean found = false;
        EvidenceFile gp = src.findOne("getprop.txt");
        if (gp != null) {
            found = true;
            ctx.used(gp);
            String text = new String(src.readAll(gp, 64L << 20), StandardCharsets.UTF_8);
            String[] ref = acquisitionDate(src, ctx);
            if (ref == null && gp.modified() != null) ref = new String[] {gp.modified().atZone(ZoneOffset.UTC).toLocalDate().toString(), "modification time of getprop.txt"};
            parse(text, gp.path(), ref, ctx);
        }
        for (Dumpsys.Dump d : Dumpsys.of(src).dumps()) {
            String text = d.section("dumpstate:SYSTEM PROPERTIES");
            if (text == null) continue;
            found = true;
            LocalDate day = AndroidTimes.date(d.dumpTime());
            parse(text, d.file(), day == null ? null : new String[] {day.toString(), "dumpstate time of " + d.file()}, ctx);
        }
        if (!found) throw new ArtifactNotFoundException("no getprop.txt or SYSTEM PROPERTIES section");
    }

    private static String[] acquisitionDate(EvidenceSource src, ModuleContext ctx) {
        try {
            EvidenceFile a = src.findOne("acquisition.json");
            if (a == null) return null;
            JsonNode n = Json.MAPPER.readTree(src.readAll(a, 1 << 20));
            LocalDate d = AndroidTimes.date(n.path("started").asText(null));
            return d == null ? null : new String[] {d.toString(), "acquisition.json started"};
        } catch (IOException | RuntimeException e) {
            ctx.warn("acquisition.json is unreadable: " + e.getMessage());
            return null;
        }
    }

    private void parse(String text, String file, String[] ref, ModuleContext ctx) {
        int n = 0;
        for (String line : text.split("\n")) {
            Matcher m = PROP.matcher(line.strip());
            if (!m.matches()) continue;
            Record r = Record.of("name", m.group(1), "value", m.group(2), "source", file);
            if (PATCH.equals(m.group(1))) {
                r.put("reference_date", ref == null ? null : ref[0]);
                r.put("reference_date_source", ref == null ? null : ref[1]);
                if (ref == null) ctx.warn("no acquisition date known: the security patch level was not compared with a date");
            }
            ctx.emit(r);
            n++;
        }
        if (n == 0) ctx.warn(file + ": no property lines");
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        Optional<Match> m = c.indicators().property(r.str("name"));
        if (m.isPresent()) c.ioc(r, m.get(), "System property " + r.str("name"));
        if (PATCH.equals(r.str("name")) && r.str("reference_date") != null) {
            LocalDate patch = AndroidTimes.date(r.str("value"));
            LocalDate ref = AndroidTimes.date(r.str("reference_date"));
            if (patch != null && ref != null && patch.isBefore(ref.minusMonths(6))) {
                c.alert(Level.MEDIUM, r, "The security patch level " + r.str("value") + " is more than 6 months older than "
                                + ref + " (" + r.str("reference_date_source") + ")",
                        "A phone without recent security patches is exposed to publicly known exploits used by spyware.",
                        "An old patch level is a risk, not a sign of infection; some manufacturers stop updating older models.");
            }
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("name") + " = " + r.str("value");
    }
}
