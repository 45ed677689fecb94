package dev.vigil.ios.modules.system;

import dev.vigil.core.evidence.EvidenceFile;
import dev.vigil.core.evidence.Sqlite;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.model.Times;
import dev.vigil.core.module.ArtifactModule;
import dev.vigil.core.module.Checker;
import dev.vigil.core.module.ModuleContext;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code private/var/mobile/Library/TCC/TCC.db}: the privacy permissions granted to apps and
 * programs (camera, microphone, contacts, photos...). The {@code access} table changed over iOS
 * versions: up to iOS 13 it holds {@code allowed} (0/1) and {@code prompt_count}; from iOS 14
 * {@code auth_value} (0 denied, 1 unknown, 2 allowed, 3 limited) and {@code auth_reason};
 * {@code last_modified} (Unix seconds) exists from iOS 9/10 on. Columns are read when present.
 *
 * <p>Records: {@code timestamp} (last_modified), {@code service} (raw, e.g.
 * kTCCServiceMicrophone), {@code service_name} (readable), {@code client},
 * {@code client_type} ("bundle_id" or "absolute_path"), {@code auth_value} (text),
 * {@code auth_reason} (text), {@code prompt_count}.
 *
 * <p>Checks: a client bundle id against app-id indicators, a client path or name against
 * process and file-path indicators.
 */
public final class Tcc implements ArtifactModule {
    static final Map<String, String> SERVICES = Map.ofEntries(
            Map.entry("kTCCServiceAddressBook", "Contacts"), Map.entry("kTCCServiceCalendar", "Calendar"),
            Map.entry("kTCCServiceReminders", "Reminders"), Map.entry("kTCCServicePhotos", "Photos"),
            Map.entry("kTCCServicePhotosAdd", "Photos (add only)"), Map.entry("kTCCServiceCamera", "Camera"),
            Map.entry("kTCCServiceMicrophone", "Microphone"), Map.entry("kTCCServiceMotion", "Motion and fitness"),
            Map.entry("kTCCServiceMediaLibrary", "Media library"), Map.entry("kTCCServiceBluetoothPeripheral", "Bluetooth peripheral"),
            Map.entry("kTCCServiceBluetoothAlways", "Bluetooth"), Map.entry("kTCCServiceBluetoothWhileInUse", "Bluetooth while in use"),
            Map.entry("kTCCServiceSpeechRecognition", "Speech recognition"), Map.entry("kTCCServiceWillow", "Home data"),
            Map.entry("kTCCServiceSiri", "Siri"), Map.entry("kTCCServiceFaceID", "Face ID"),
            Map.entry("kTCCServiceUserTracking", "Tracking across apps"), Map.entry("kTCCServiceFocusStatus", "Focus status"),
            Map.entry("kTCCServiceExposureNotification", "Exposure notifications"), Map.entry("kTCCServiceNearbyInteraction", "Nearby interaction"),
            Map.entry("kTCCServiceLiverpool", "Location services (internal)"), Map.entry("kTCCServiceUbiquity", "iCloud"),
            Map.entry("kTCCServiceShareKit", "Share"), Map.entry("kTCCServiceFacebook", "Facebook account"),
            Map.entry("kTCCServiceTwitter", "Twitter account"), Map.entry("kTCCServiceSinaWeibo", "Sina Weibo account"),
            Map.entry("kTCCServiceTencentWeibo", "Tencent Weibo account"), Map.entry("kTCCServiceLinkedIn", "LinkedIn account"),
            Map.entry("kTCCServiceKeyboardNetwork", "Keyboard network access"), Map.entry("kTCCServiceCalls", "Calls"),
            Map.entry("kTCCServiceContactsFull", "Contacts (full)"), Map.entry("kTCCServiceContactsLimited", "Contacts (limited)"),
            Map.entry("kTCCServiceSensorKitLocationMetrics", "Sensor kit: location metrics"),
            Map.entry("kTCCServiceScreenCapture", "Screen capture"), Map.entry("kTCCServiceListenEvent", "Input monitoring"),
            Map.entry("kTCCServicePrototype3Rights", "Authorization plug-in"), Map.entry("kTCCServiceGameCenterFriends", "Game Center friends"),
            Map.entry("kTCCServiceMSO", "TV provider"), Map.entry("kTCCServiceSensorKitKeyboardMetrics", "Sensor kit: keyboard metrics"));

    static final String[] AUTH_VALUES = {"denied", "unknown", "allowed", "limited"};
    static final String[] AUTH_REASONS = {"none", "error", "user consent", "user set", "system set", "service policy",
            "MDM policy", "override policy", "missing usage string", "prompt timeout", "preflight unknown", "entitled",
            "app type policy"};

    @Override
    public String slug() {
        return "tcc";
    }

    @Override
    public String description() {
        return "Privacy permissions (TCC.db): which apps and programs may use the camera, microphone, contacts...";
    }

    @Override
    public Set<String> evidenceTypes() {
        return Set.of("ios-backup", "ios-fs");
    }

    @Override
    public List<String> paths() {
        return List.of("private/var/mobile/Library/TCC/TCC.db");
    }

    @Override
    public void run(ModuleContext ctx) throws Exception {
        for (EvidenceFile f : ctx.require(paths().get(0))) {
            try (Sqlite db = Sqlite.open(ctx.source(), f)) {
                ctx.used(f);
                if (!db.hasTable("access")) throw new SQLException(f.path() + " has no access table: not a TCC database of a known iOS version");
                Set<String> c = db.columns("access");
                if (!c.contains("service") || !c.contains("client")) throw new SQLException(f.path() + ": access table without service/client columns");
                String sql = "SELECT service, client, " + col(c, "client_type") + ", " + col(c, "auth_value") + ", " + col(c, "allowed") + ", "
                        + col(c, "auth_reason") + ", " + col(c, "prompt_count") + ", " + col(c, "last_modified")
                        + " FROM access ORDER BY " + (c.contains("last_modified") ? "last_modified, " : "") + "service, client";
                db.query(sql, rs -> {
                    Record r = new Record();
                    Object lm = rs.getObject(8);
                    r.put("timestamp", lm instanceof Number n ? Times.unixSeconds(n.doubleValue()) : null);
                    String service = rs.getString(1);
                    r.put("service", service);
                    r.put("service_name", serviceName(service));
                    r.put("client", rs.getString(2));
                    Object ct = rs.getObject(3);
                    r.put("client_type", ct instanceof Number n ? n.intValue() == 0 ? "bundle_id" : n.intValue() == 1 ? "absolute_path" : "type " + n : ct == null ? null : ct.toString());
                    Object av = rs.getObject(4);
                    Object allowed = rs.getObject(5);
                    if (av instanceof Number n) r.put("auth_value", label(AUTH_VALUES, n.intValue()));
                    else if (allowed instanceof Number n) r.put("auth_value", n.intValue() == 0 ? "denied" : "allowed");
                    else r.put("auth_value", null);
                    Object reason = rs.getObject(6);
                    r.put("auth_reason", reason instanceof Number n ? label(AUTH_REASONS, n.intValue()) : null);
                    Object pc = rs.getObject(7);
                    if (pc instanceof Number n) r.put("prompt_count", n.longValue());
                    ctx.emit(r);
                });
            }
        }
    }

    static String serviceName(String s) {
        if (s == null) return null;
        String n = SERVICES.get(s);
        if (n != null) return n;
        return s.startsWith("kTCCService") ? s.substring("kTCCService".length()) : s;
    }

    private static String label(String[] labels, int v) {
        return v >= 0 && v < labels.length ? labels[v] : "value " + v;
    }

    private static String col(Set<String> cols, String name) {
        return cols.contains(name) ? name : "NULL";
    }

    @Override
    public void checkRecord(Record r, Checker checker) {
        Indicators ind = checker.indicators();
        String client = r.str("client");
        if (client == null) return;
        String what = "TCC permission holder " + client + " (" + r.str("service_name") + ", " + r.str("auth_value") + ")";
        String caveat = "The permission table names programs that asked for or were given access; a match shows the program "
                + "was present, which is strong evidence, but not what it did with the permission.";
        if ("absolute_path".equals(r.str("client_type")) || client.startsWith("/")) {
            var m = ind.filePath(client);
            if (m.isEmpty()) m = ind.process(client.substring(client.lastIndexOf('/') + 1));
            m.ifPresent(x -> checker.ioc(Level.CRITICAL, r, x, what, caveat));
        } else {
            var m = ind.appId(client);
            if (m.isEmpty()) m = ind.process(client);
            m.ifPresent(x -> checker.ioc(Level.CRITICAL, r, x, what, caveat));
        }
    }

    @Override
    public String describe(Record r) {
        return r.str("client") + ": " + r.str("service_name") + " " + r.str("auth_value")
                + (r.str("auth_reason") == null ? "" : " (" + r.str("auth_reason") + ")");
    }
}
