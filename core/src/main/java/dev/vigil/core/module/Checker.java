package dev.vigil.core.module;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.Match;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects the alerts of one module's checks. */
public final class Checker {
    /** Default "what it does not prove" wording for an indicator match. */
    public static final String IOC_CAVEAT =
            "A match shows that this value appears on the device; it does not by itself prove an infection. "
                    + "An expert should look at the surrounding events.";

    private final String module;
    private final Indicators indicators;
    private final List<Alert> alerts = new ArrayList<>();

    public Checker(String module, Indicators indicators) {
        this.module = module;
        this.indicators = indicators;
    }

    public Indicators indicators() {
        return indicators;
    }

    public String module() {
        return module;
    }

    /** An indicator match: CRITICAL, with the indicator's collection in the message. */
    public void ioc(Record event, Match match, String what) {
        ioc(Level.CRITICAL, event, match, what, null);
    }

    /** An indicator match at a chosen level, with an optional "what it does not prove". */
    public void ioc(Level level, Record event, Match match, String what, String caveat) {
        var i = match.indicator();
        String msg = what + " matches a known indicator of " + (i.collection().isEmpty() ? "compromise" : i.collection())
                + ": " + i.value() + (match.note() == null ? "" : " (" + match.note() + ")");
        alerts.add(new Alert(level, module, msg, eventTime(event), event, Alert.MatchedIndicator.of(match),
                "The " + i.type().stixKey() + " indicator " + i.value() + " was published in " + i.source() + ".",
                caveat == null ? IOC_CAVEAT : caveat));
    }

    /** A heuristic alert (no indicator). */
    public void alert(Level level, Record event, String message, String why, String caveat) {
        alerts.add(new Alert(level, module, message, eventTime(event), event, null, why, caveat));
    }

    public void add(Alert alert) {
        alerts.add(alert);
    }

    public List<Alert> alerts() {
        return Collections.unmodifiableList(alerts);
    }

    /** The event time of a record: its {@code timestamp} field by convention. */
    public static String eventTime(Record r) {
        if (r == null) return null;
        for (String k : new String[] {"timestamp", "time", "isodate", "first_seen"}) {
            String v = r.str(k);
            if (v != null) return v;
        }
        return null;
    }
}
