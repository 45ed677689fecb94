package dev.vigil.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.core.ioc.Match;

/**
 * One finding. Field names follow the reference tool's alerts.json so its users feel at
 * home; {@code why} and {@code caveat} are Vigil's own: why the alert fired and what it
 * does not prove.
 */
@JsonPropertyOrder({"level", "module", "message", "event_time", "event", "matched_indicator", "why", "caveat"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Alert(
        Level level,
        String module,
        String message,
        @JsonProperty("event_time") String eventTime,
        Record event,
        @JsonProperty("matched_indicator") MatchedIndicator matchedIndicator,
        @JsonInclude(JsonInclude.Include.NON_NULL) String why,
        @JsonInclude(JsonInclude.Include.NON_NULL) String caveat) {

    /** The indicator behind an alert, as written in alerts.json. */
    @JsonPropertyOrder({"type", "value", "collection", "source", "match"})
    public record MatchedIndicator(String type, String value, String collection, String source,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) String match) {
        public static MatchedIndicator of(Match m) {
            if (m == null) return null;
            var i = m.indicator();
            return new MatchedIndicator(i.type().stixKey(), i.value(), i.collection(), i.source(), m.note());
        }
    }
}
