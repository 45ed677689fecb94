package dev.vigil.core.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of timeline.csv.
 *
 * @param time   ISO-8601 UTC
 * @param module slug of the module that saw it
 * @param event  a short kind ("sms_received", "visit", "process_seen")
 * @param data   a human-readable description
 */
@JsonPropertyOrder({"time", "module", "event", "data"})
public record TimelineEvent(String time, String module, String event, String data) implements Comparable<TimelineEvent> {
    @Override
    public int compareTo(TimelineEvent o) {
        int c = time.compareTo(o.time);
        if (c == 0) c = module.compareTo(o.module);
        if (c == 0) c = event.compareTo(o.event);
        if (c == 0) c = data.compareTo(o.data);
        return c;
    }
}
