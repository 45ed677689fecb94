package dev.vigil.core.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.core.util.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TimesAndRecordTest {
    @Test
    void isoFormattingIsExactlyIsoInstantsAcrossTheWholeRange() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long sec = switch (i % 4) {
                case 0 -> rnd.nextLong(0, 253_402_300_800L);               // 1970-9999
                case 1 -> rnd.nextLong(946_684_800L, 2_000_000_000L);      // phones' own years
                case 2 -> rnd.nextLong(-62_135_596_800L * 2, 0);           // before 1970, BCE: the fallback
                default -> 253_402_300_800L + rnd.nextLong(0, 1_000_000_000L); // after 9999: the fallback
            };
            Instant t = Instant.ofEpochSecond(sec, i % 3 == 0 ? 0 : rnd.nextInt(1_000_000_000));
            assertThat(Times.iso(t)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS)));
        }
        for (String s : new String[] {"1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999Z", "2024-12-31T23:59:59Z", "9999-12-31T23:59:59.001Z"}) {
            assertThat(Times.iso(Instant.parse(s))).isEqualTo(s);
        }
    }

    @Test
    void recordKeepsOrderReplacesInPlaceAndRoundTripsThroughJson() throws Exception {
        Record r = new Record();
        for (int i = 0; i < 40; i++) r.put("k" + i, i % 3 == 0 ? null : i % 3 == 1 ? (Object) ("v" + i) : Long.valueOf(i));
        r.put(new String("k5"), "replaced"); // an equal key that is not the same object
        r.put("list", List.of("a", "b")).put("map", Map.of("x", 1)).put("when", Instant.parse("2023-05-10T08:15:00Z"));
        r.compact();
        r.put("after_compact", true);
        assertThat(r.size()).isEqualTo(44);
        assertThat(r.get("k5")).isEqualTo("replaced");
        // lookups by equal keys that are other objects, and absent keys (many share a hash bit with a present one)
        for (int i = 0; i < 40; i++) assertThat(r.has(new String("k" + i))).isEqualTo(i % 3 != 0 || i == 5);
        for (int i = 40; i < 400; i++) assertThat(r.get("k" + i)).isNull();
        assertThat(r.str("when")).isEqualTo("2023-05-10T08:15:00Z");
        assertThat(r.fields().keySet()).startsWith("k0", "k1", "k2").endsWith("list", "map", "when", "after_compact");
        String json = Json.MAPPER.writeValueAsString(r);
        assertThat(json).startsWith("{\"k0\":null,\"k1\":\"v1\",\"k2\":2,").contains("\"k5\":\"replaced\"")
                .endsWith("\"list\":[\"a\",\"b\"],\"map\":{\"x\":1},\"when\":\"2023-05-10T08:15:00Z\",\"after_compact\":true}");
        Record back = Json.MAPPER.readValue(json, Record.class);
        assertThat(back).isEqualTo(Json.MAPPER.readValue(json, Record.class));
        assertThat(back.fields()).isEqualTo(Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {}));
        assertThat(new Record(back.fields())).isEqualTo(back).hasSameHashCodeAs(back);
    }

    @Test
    void namesThatNeedEscapingAreWrittenAsJacksonWritesThem() throws Exception {
        Record r = Record.of("plain", 1, "quote\"d", 2, "back\\slash", 3, "tab\there", 4, "ünïcode", 5, "emoji \uD83D\uDE00", 6);
        String json = Json.MAPPER.writeValueAsString(r);
        assertThat(json).isEqualTo(Json.MAPPER.writeValueAsString(r.fields()));
        assertThat(Json.MAPPER.readValue(json, Record.class)).isEqualTo(r);
        // pretty printing too (the records in alerts.json)
        assertThat(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(List.of(r)))
                .isEqualTo(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(List.of(r.fields())));
    }
}
