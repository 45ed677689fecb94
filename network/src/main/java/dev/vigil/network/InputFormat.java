package dev.vigil.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.util.Json;
import dev.vigil.network.capture.CaptureReader;
import dev.vigil.network.intrusion.IntrusionLogParser;
import dev.vigil.network.logs.EveReader;
import dev.vigil.network.logs.GenericLogReader;
import dev.vigil.network.logs.ZeekReader;

import java.nio.charset.StandardCharsets;

/** The formats check-network reads, told apart by content (magic numbers, header lines), never by file name. */
public enum InputFormat {
    PCAP("pcap"), PCAPNG("pcapng"), ZEEK_TSV("zeek"), ZEEK_JSON("zeek-json"), SURICATA_EVE("suricata-eve"),
    ANDROID_INTRUSION("android-intrusion-log"), CSV("csv"), JSON_LINES("json-lines"), GZIP("gzip"), UNKNOWN("unknown");

    private final String label;

    InputFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Looks at the first bytes of an input (a few KiB are enough). */
    public static InputFormat detect(byte[] head, int len) {
        if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
        if (CaptureReader.isCapture(head, len)) {
            int m = (head[0] & 0xff) | ((head[1] & 0xff) << 8) | ((head[2] & 0xff) << 16) | ((head[3] & 0xff) << 24);
            return m == CaptureReader.PCAPNG_SHB ? PCAPNG : PCAP;
        }
        int start = 0;
        if (len >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) start = 3; // BOM
        int printable = 0;
        for (int i = start; i < len; i++) {
            int c = head[i] & 0xff;
            if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') printable++;
        }
        if (len - start == 0 || printable < (len - start) * 0.95) return UNKNOWN;
        String text = new String(head, start, len - start, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", 64);
        String first = null;
        for (String l : lines) {
            if (!l.isBlank()) {
                first = l.strip();
                break;
            }
        }
        if (first == null) return UNKNOWN;
        if (ZeekReader.looksLikeTsv(first)) return ZEEK_TSV;
        if (first.startsWith("{")) {
            // the first complete lines decide (the last line of the head may be cut)
            int decided = 0;
            for (int i = 0; i < lines.length - 1 && decided < 32; i++) {
                String l = lines[i].strip();
                if (l.isEmpty()) continue;
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(l);
                } catch (Exception e) {
                    continue;
                }
                if (n == null || !n.isObject()) continue;
                decided++;
                if (EveReader.looksLikeEve(n)) return SURICATA_EVE;
                if (ZeekReader.looksLikeJson(n)) return ZEEK_JSON;
                if (IntrusionLogParser.looksLikeEvent(n)) return ANDROID_INTRUSION;
            }
            if (lines.length == 1) {
                try {
                    JsonNode n = Json.MAPPER.readTree(first);
                    if (n != null && n.isObject()) {
                        if (EveReader.looksLikeEve(n)) return SURICATA_EVE;
                        if (ZeekReader.looksLikeJson(n)) return ZEEK_JSON;
                        if (IntrusionLogParser.looksLikeEvent(n)) return ANDROID_INTRUSION;
                    }
                } catch (Exception e) {
                    return UNKNOWN;
                }
            }
            return JSON_LINES;
        }
        if (GenericLogReader.csvSeparator(first) != 0) return CSV;
        return UNKNOWN;
    }
}
