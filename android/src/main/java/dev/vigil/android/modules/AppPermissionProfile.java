package dev.vigil.android.modules;

import dev.vigil.android.dumpsys.Dumpsys;
import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.ArtifactNotFoundException;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row per app with everything spyware and stalkerware need, side by side: an enabled
 * accessibility service (dumpsys accessibility), device admin rights (dumpsys device_policy),
 * notification access (the secure setting enabled_notification_listeners), and granted
 * SMS, call log, location, microphone, camera and contacts permissions (runtime and install
 * permissions of dumpsys package). Rows are sorted by how many of these an app holds, so
 * the spyware-shaped apps come first. An app holding a screen/notification/admin power and
 * at least two kinds of personal data is MEDIUM.
 */
public final class AppPermissionProfile implements ArtifactModule {
    static final Map<String, String> PERMISSIONS = Map.ofEntries(
            Map.entry("android.permission.READ_SMS", "sms"), Map.entry("android.permission.RECEIVE_SMS", "sms"),
            Map.entry("android.permission.SEND_SMS", "sms"), Map.entry("android.permission.RECEIVE_MMS", "sms"),
            Map.entry("android.permission.READ_CALL_LOG", "call_log"), Map.entry("android.permission.WRITE_CALL_LOG", "call_log"),
            Map.entry("android.permission.PROCESS_OUTGOING_CALLS", "call_log"),
            Map.entry("android.permission.ACCESS_FINE_LOCATION", "location"), Map.entry("android.permission.ACCESS_COARSE_LOCATION", "location"),
            Map.entry("android.permission.ACCESS_BACKGROUND_LOCATION", "location"),
            Map.entry("android.permission.RECORD_AUDIO", "microphone"), Map.entry("android.permission.CAMERA", "camera"),
            Map.entry("android.permission.READ_CONTACTS", "contacts"));
    static final List<String> POWERS = List.of("accessibility", "device_admin", "notification_listener");
    static final List<String> DATA = List.of("sms", "call_log", "location", "microphone", "camera", "contacts");
    private static final Pattern BRACED = Pattern.compile("\\{([^{}]+?)}");

    @Override
    public String slug() {
        return "app_permission_profile";
    }

    @Override
    public String description() {
        return "Per-app profile of accessibility, device admin, notification access and SMS/call/location/microphone permissions.";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of(AndroidTypes.BUGREPORT, AndroidTypes.ANDROIDQF);
    }

    @Override
    public List<String> paths() {
        return List.of("dumpsys.txt", "bugreport-*.txt", "settings_secure.txt");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        Map<String, Set<String>> caps = new TreeMap<>();
        Set<String> sources = new TreeSet<>();
        boolean any = false;
        for (Dumpsys.Dump d : Dumpsys.of(ctx.source()).dumps()) {
            String pkg = d.section("package");
            if (pkg != null) {
                any = true;
                sources.add(d.file());
                for (Record p : DumpsysPackages.packages(pkg)) {
                    Object perms = p.get("permissions");
                    if (!(perms instanceof List<?> l)) continue;
                    for (Object o : l) {
                        if (o instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("granted"))) {
                            String kind = PERMISSIONS.get(String.valueOf(m.get("name")));
                            if (kind != null) add(caps, p.str("package_name"), kind);
                        }
                    }
                }
            }
            String acc = d.section("accessibility");
            if (acc != null) {
                any = true;
                for (String line : acc.split("\n")) {
                    String s = line.strip();
                    if (!s.startsWith("Enabled services:")) continue;
                    Matcher m = BRACED.matcher(s.substring(17));
                    while (m.find()) add(caps, Apps.packageOf(m.group(1)), "accessibility");
                }
            }
            String dp = d.section("device_policy");
            if (dp != null) {
                any = true;
                boolean in = false;
                for (String line : dp.split("\n")) {
                    String s = line.strip();
                    if (s.startsWith("Enabled Device Admins")) {
                        in = true;
                        continue;
                    }
                    if (in && !line.startsWith("    ")) in = false;
                    if (in && line.startsWith("    ") && !line.startsWith("      ") && s.endsWith(":") && s.contains("/")) {
                        add(caps, Apps.packageOf(s.substring(0, s.length() - 1)), "device_admin");
                    }
                }
            }
            String settings = d.section("settings");
            if (settings != null) {
                for (String line : settings.split("\n")) {
                    int i = line.indexOf(" name:enabled_notification_listeners pkg:");
                    if (i < 0) continue;
                    int v = line.indexOf(" value:", i);
                    if (v < 0) continue;
                    String value = line.substring(v + 7).split(" default:| tag:", 2)[0];
                    listeners(caps, value);
                }
            }
        }
        EvidenceFile sec = ctx.source().findOne("settings_secure.txt");
        if (sec != null) {
            any = true;
            sources.add(sec.path());
            for (String line : new String(ctx.source().readAll(sec, 64L << 20), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("enabled_notification_listeners=")) listeners(caps, line.substring(31));
            }
        }
        if (!any) throw new ArtifactNotFoundException("no dumpsys package/accessibility sections or settings to profile apps");
        List<Record> rows = new ArrayList<>();
        for (var e : caps.entrySet()) {
            Set<String> c = e.getValue();
            List<String> powers = POWERS.stream().filter(c::contains).toList();
            List<String> data = DATA.stream().filter(c::contains).toList();
            Record r = Record.of("package_name", e.getKey(), "score", (long) (powers.size() * 2 + data.size()));
            for (String p : POWERS) r.put(p, c.contains(p));
            for (String p : DATA) r.put(p, c.contains(p));
            r.put("sources", List.copyOf(sources));
            rows.add(r);
        }
        rows.sort(Comparator.comparingLong((Record r) -> -r.num("score", 0)).thenComparing(r -> r.str("package_name")));
        rows.forEach(ctx::emit);
    }

    private static void listeners(Map<String, Set<String>> caps, String value) {
        for (String comp : value.split(":")) {
            if (comp.contains("/")) add(caps, Apps.packageOf(comp), "notification_listener");
        }
    }

    private static void add(Map<String, Set<String>> caps, String pkg, String cap) {
        if (pkg == null || pkg.isEmpty()) return;
        caps.computeIfAbsent(pkg, k -> new TreeSet<>()).add(cap);
    }

    @Override
    public void checkRecord(Record r, Checker c) {
        String pkg = r.str("package_name");
        if (Apps.checkAppId(c, r, pkg, "App with a surveillance permission profile:")) return;
        List<String> powers = POWERS.stream().filter(r::bool).toList();
        List<String> data = DATA.stream().filter(r::bool).toList();
        if (!powers.isEmpty() && data.size() >= 2) {
            c.alert(Level.MEDIUM, r, "Spyware-shaped permissions for " + pkg + ": " + String.join(", ", powers) + " + " + String.join(", ", data),
                    "This combination lets an app read the screen or notifications and collect personal data, which is what spyware and stalkerware need.",
                    "Some legitimate apps (parental control, accessibility tools, launchers) hold similar rights; check the app is known to the user.");
        }
    }

    @Override
    public String describe(Record r) {
        List<String> all = new ArrayList<>();
        for (String p : POWERS) if (r.bool(p)) all.add(p);
        for (String p : DATA) if (r.bool(p)) all.add(p);
        return r.str("package_name") + ": " + String.join(", ", all);
    }
}
