package dev.vigil.network;

import dev.vigil.core.evidence.EvidenceSource;
import dev.vigil.core.run.CheckOption;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceException;
import dev.vigil.core.run.EvidenceType;
import dev.vigil.network.logs.ColumnMapping;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** Network captures and logs: {@code vigil check-network FILE...}. */
public final class NetworkEvidenceType implements EvidenceType {
    public static final String NAME = "network";
    public static final String COLUMNS = "columns";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String command() {
        return "check-network";
    }

    @Override
    public String description() {
        return "Check network captures (pcap, pcapng) and logs (Zeek, Suricata eve.json, DNS/proxy CSV or JSON lines, Android intrusion log)";
    }

    @Override
    public boolean detect(Path path) {
        try {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) return false;
            byte[] head;
            try (InputStream in = Files.newInputStream(path)) {
                head = in.readNBytes(8192);
            }
            InputFormat f = InputFormat.detect(head, head.length);
            // only the unmistakable formats: generic CSV/JSON could be anything
            return f == InputFormat.PCAP || f == InputFormat.PCAPNG || f == InputFormat.ZEEK_TSV || f == InputFormat.SURICATA_EVE;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public List<CheckOption> options() {
        return List.of(new CheckOption(COLUMNS,
                "Column mapping for generic DNS/proxy logs, e.g. time=ts,client=src,query=domain,url=url,server=dst_ip,port=dport "
                        + "(roles: " + String.join(", ", ColumnMapping.ROLES) + ")", CheckOption.Kind.VALUE));
    }

    @Override
    public boolean multipleInputs() {
        return true;
    }

    @Override
    public EvidenceSource open(Path path, CheckOptions options) throws IOException, EvidenceException {
        return open(List.of(path), options);
    }

    @Override
    public EvidenceSource open(List<Path> paths, CheckOptions options) throws IOException, EvidenceException {
        if (paths.isEmpty()) throw new EvidenceException("check-network needs at least one capture or log file");
        String columns = options.flag(COLUMNS);
        if (columns != null) {
            try {
                ColumnMapping.parse(columns);
            } catch (IllegalArgumentException e) {
                throw new EvidenceException("--columns: " + e.getMessage());
            }
        }
        return new NetworkSource(paths);
    }
}
