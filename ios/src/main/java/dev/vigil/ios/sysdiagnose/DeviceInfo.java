package dev.vigil.ios.sysdiagnose;

import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.ModuleContext;
import dev.vigil.core.util.Json;
import dev.vigil.ios.fs.TextLines;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The iOS version, build and device model of a sysdiagnose, from whichever holds them:
 * {@code SystemVersion.plist} copies ({@code ProductVersion}, {@code ProductBuildVersion}),
 * {@code remotectl_dumpstate.txt} ({@code ProductType}, {@code ProductVersion},
 * {@code BuildVersion} lines) and the JSON headers and bodies of {@code .ips} crash reports
 * ({@code os_version} "iPhone OS 16.5 (20F66)", {@code modelCode}). One record. The
 * outdated-iOS warning uses the same dated table of iOS releases as {@code backup_info}
 * ({@link dev.vigil.ios.modules.backup.IosVersions}).
 */
public final class DeviceInfo implements ArtifactModule {
    static final Pattern KV = Pattern.compile("\"?(ProductType|ProductVersion|BuildVersion|ProductBuildVersion|HardwareModel)\"?\\s*(?:=>|:|=)\\s*\"?([A-Za-z0-9.,_-]{1,64})");
    static final Pattern OS = Pattern.compile("(?:iPhone OS|iOS|iPadOS)\\s+([0-9]+(?:\\.[0-9]+){0,2})\\s*\\(([0-9A-Za-z]+)\\)");

    @Override
    public String slug() {
        return "sysdiagnose_device_info";
    }

    @Override
    public String description() {
        return "iOS version, build and device model of the sysdiagnose";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-sysdiagnose");
    }

    @Override
    public List<String> paths() {
        return List.of("**/SystemVersion.plist", "remotectl_dumpstate.txt", "**/*.ips");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        String[] v = new String[3]; // version, build, model
        TreeSet<String> sources = new TreeSet<>();
        for (EvidenceFile f : ctx.source().find("**/SystemVersion.plist")) {
            try {
                NSObject o = dev.vigil.ios.backup.PlistGuard.parse(ctx.source().readAll(f, 1 << 20));
                if (o instanceof NSDictionary d) {
                    if (set(v, 0, str(d, "ProductVersion")) | set(v, 1, str(d, "ProductBuildVersion"))) sources.add(f.path());
                    ctx.used(f);
                }
            } catch (Exception e) {
                ctx.warn("could not read " + f.path() + ": " + e.getMessage());
            }
        }
        EvidenceFile dump = ctx.source().findOne("remotectl_dumpstate.txt");
        if (dump != null) {
            try (InputStream in = ctx.source().open(dump)) {
                boolean[] hit = {false};
                TextLines.read(in, 1_000_000, (line, n) -> {
                    Matcher m = KV.matcher(line);
                    if (!m.find()) return;
                    boolean h = switch (m.group(1)) {
                        case "ProductType" -> set(v, 2, m.group(2));
                        case "ProductVersion" -> set(v, 0, m.group(2));
                        case "BuildVersion", "ProductBuildVersion" -> set(v, 1, m.group(2));
                        default -> false;
                    };
                    hit[0] |= h;
                });
                if (hit[0]) sources.add(dump.path());
                ctx.used(dump);
            } catch (Exception e) {
                ctx.warn("could not read " + dump.path() + ": " + e.getMessage());
            }
        }
        int ips = 0;
        for (EvidenceFile f : ctx.source().find("**/*.ips")) {
            if (v[0] != null && v[1] != null && v[2] != null) break;
            if (++ips > 200) break;
            try {
                byte[] data = ctx.source().readAll(f, CrashReports.MAX_REPORT);
                String all = new String(data, StandardCharsets.UTF_8);
                int nl = all.indexOf('\n');
                JsonNode header = Json.MAPPER.readTree(nl < 0 ? all : all.substring(0, nl));
                Matcher m = OS.matcher(String.valueOf(CrashReports.text(header, "os_version")));
                boolean h = false;
                if (m.find()) h = set(v, 0, m.group(1)) | set(v, 1, m.group(2));
                Matcher mc = Pattern.compile("\"modelCode\"\\s*:\\s*\"([A-Za-z0-9,]{1,32})\"").matcher(all);
                if (mc.find()) h |= set(v, 2, mc.group(1));
                if (h) sources.add(f.path());
            } catch (Exception e) {
                ctx.warn("could not read " + f.path() + ": " + e.getMessage());
            }
        }
        if (v[0] == null && v[1] == null && v[2] == null) throw new ArtifactNotFoundException("no SystemVersion.plist, remotectl_dumpstate.txt or crash report with a version");
        ctx.emit(Record.of("ios_version", v[0], "build", v[1], "model", v[2], "sources", List.copyOf(sources)));
    }

    private static boolean set(String[] v, int i, String value) {
        if (value == null || value.isBlank() || v[i] != null) return false;
        v[i] = value;
        return true;
    }

    private static String str(NSDictionary d, String k) {
        NSObject o = d.objectForKey(k);
        return o == null ? null : o.toString();
    }

    @Override
    public void checkRecord(Record r, dev.vigil.core.module.Checker checker) {
        String version = r.str("ios_version");
        if (version == null) return;
        dev.vigil.ios.modules.backup.IosVersions.bundled().outdated(version).ifPresent(o ->
                checker.alert(dev.vigil.core.model.Level.MEDIUM, r, "The phone ran an outdated iOS version: " + o.message(),
                        "Spyware exploits vulnerabilities that Apple fixes in updates; an outdated iOS stays exposed to known exploit chains.",
                        "This is the version when the sysdiagnose was made; the phone may have been updated since."));
    }

    @Override
    public String describe(Record r) {
        return "iOS " + r.str("ios_version") + " (" + r.str("build") + ") on " + r.str("model");
    }

    @Override
    public List<dev.vigil.core.model.TimelineEvent> timeline(Record r) {
        return List.of();
    }
}
