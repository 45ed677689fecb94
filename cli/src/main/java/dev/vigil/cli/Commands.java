package dev.vigil.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.run.Check;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers shared by commands. */
final class Commands {
    private static volatile List<String> args = List.of();

    private Commands() {}

    /** Remembers the arguments for run.json (the launcher passes them through unchanged). */
    static void arguments(String[] a) {
        args = List.of(a);
    }

    static List<String> commandLine() {
        List<String> out = new ArrayList<>();
        out.add("vigil");
        out.addAll(args);
        return out;
    }

    /** The --json summary of a check. */
    @JsonPropertyOrder({"results", "exit_status", "alerts_by_level", "modules"})
    record Summary(String results, @JsonProperty("exit_status") int exitStatus,
                   @JsonProperty("alerts_by_level") Map<String, Integer> alertsByLevel, List<ModuleLine> modules) {
        Summary(Check.Outcome o) {
            this(o.dir().toAbsolutePath().toString(), o.exitStatus(), o.info().alertsByLevel(),
                    o.result().modules().stream().map(ModuleLine::new).toList());
        }
    }

    @JsonPropertyOrder({"slug", "status", "records", "alerts", "error"})
    record ModuleLine(String slug, String status, int records, int alerts, String error) {
        ModuleLine(ModuleResult m) {
            this(m.slug(), m.status().json(), m.records().size(), m.alerts().size(), m.error());
        }
    }

    static String pid() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
