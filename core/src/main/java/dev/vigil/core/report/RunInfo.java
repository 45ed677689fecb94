package dev.vigil.core.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.core.evidence.Custody;

import java.util.List;
import java.util.Map;

/** The contents of run.json: what ran, on what, with which indicators, and what became of each module. */
@JsonPropertyOrder({"tool", "version", "command_line", "started", "finished", "target", "ioc_sources", "inputs", "modules", "analyzers", "alerts_by_level"})
public record RunInfo(
        String tool,
        String version,
        @JsonProperty("command_line") List<String> commandLine,
        String started,
        String finished,
        Target target,
        @JsonProperty("ioc_sources") List<IocSourceInfo> iocSources,
        List<Custody.Entry> inputs,
        List<ModuleInfo> modules,
        List<String> analyzers,
        @JsonProperty("alerts_by_level") Map<String, Integer> alertsByLevel) {

    @JsonPropertyOrder({"path", "type"})
    public record Target(String path, String type) {}

    @JsonPropertyOrder({"file", "sha256", "format", "count", "by_type", "by_collection", "warnings"})
    public record IocSourceInfo(String file, String sha256, String format, int count,
                                @JsonProperty("by_type") Map<String, Long> byType,
                                @JsonProperty("by_collection") Map<String, Long> byCollection,
                                List<String> warnings) {}

    @JsonPropertyOrder({"slug", "module", "status", "records", "alerts", "error", "warnings", "artifacts"})
    public record ModuleInfo(String slug, String module, String status, int records, int alerts, String error,
                             List<String> warnings, List<String> artifacts) {}
}
