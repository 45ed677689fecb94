package dev.vigil.ios.modules.system;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.Record;
import dev.vigil.core.module.Checker;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TemporalCorrelationTest {
    static final Instant T = Instant.parse("2023-05-20T08:30:00Z");

    private static List<Alert> analyze(Map<String, List<Record>> records) throws Exception {
        Checker c = new Checker("suspicious_sequences", TestSupport.pegasus());
        new TemporalCorrelation().analyze(records, c);
        return c.alerts();
    }

    private static Record sms(Instant t) {
        return Record.of("timestamp", t, "filename", "~/Library/SMS/Attachments/0a/10/1234/IMG_0001.heic");
    }

    private static Record bh(Instant t) {
        return Record.of("kind", "usage", "timestamp", t, "proc_id", 3, "proc_name", "bh", "bundle_id", null, "wifi_in", 10, "wifi_out", 200);
    }

    @Test
    void eventsFourMinutesApartFromTwoArtifactsMakeOneAlert() throws Exception {
        Map<String, List<Record>> m = new LinkedHashMap<>();
        m.put("sms_attachments", List.of(sms(T)));
        m.put("datausage", List.of(bh(T.plusSeconds(240))));
        List<Alert> alerts = analyze(m);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(Level.MEDIUM);
            assertThat(a.module()).isEqualTo("suspicious_sequences");
            assertThat(a.eventTime()).isEqualTo("2023-05-20T08:30:00Z");
            assertThat(a.message()).isEqualTo("Suspicious sequence: 2 events from datausage, sms_attachments within 240 s: "
                    + "2023-05-20T08:30:00Z sms_attachments: SMS attachment ~/Library/SMS/Attachments/0a/10/1234/IMG_0001.heic; "
                    + "2023-05-20T08:34:00Z datausage: bh (process matching an indicator)");
            assertThat(a.event().strings("artifacts")).containsExactly("datausage", "sms_attachments");
            assertThat(a.event().strings("classes")).containsExactly("net", "sms");
            assertThat((List<?>) a.event().get("events")).hasSize(2);
            assertThat(a.why()).contains("Triangulation");
            assertThat(a.caveat()).contains("not causation");
        });
    }

    @Test
    void eventsTenMinutesApartMakeNoAlert() throws Exception {
        Map<String, List<Record>> m = new LinkedHashMap<>();
        m.put("sms_attachments", List.of(sms(T)));
        m.put("datausage", List.of(bh(T.plusSeconds(600))));
        assertThat(analyze(m)).isEmpty();
    }

    @Test
    void eventsOfOneArtifactOnlyMakeNoAlert() throws Exception {
        Map<String, List<Record>> m = new LinkedHashMap<>();
        m.put("datausage", List.of(bh(T), bh(T.plusSeconds(60)), Record.of("kind", "usage_without_process", "timestamp", T.plusSeconds(90), "live_proc_id", 9)));
        assertThat(analyze(m)).isEmpty();
    }

    @Test
    void attachmentFolderNextToARealAttachmentFileIsAnOrdinaryMessage() throws Exception {
        Map<String, List<Record>> m = new LinkedHashMap<>();
        m.put("manifest", List.of(
                Record.of("domain", "MediaDomain", "relative_path", "Library/SMS/Attachments/65/05", "timestamp", T),
                Record.of("domain", "MediaDomain", "relative_path", "Library/SMS/Attachments/65/05/0F1E-22/IMG_1.jpg", "timestamp", T.plusSeconds(2))));
        m.put("datausage", List.of(Record.of("kind", "usage", "timestamp", T.plusSeconds(60), "proc_name", "com.apple.WebKit.WebContent")));
        assertThat(analyze(m)).isEmpty();
        // without the attachment file, the empty folder and the context network use make a sequence
        m.put("manifest", List.of(Record.of("domain", "MediaDomain", "relative_path", "Library/SMS/Attachments/65/05", "timestamp", T)));
        assertThat(analyze(m)).singleElement().satisfies(a -> assertThat(a.event().strings("classes")).containsExactly("net", "sms"));
    }

    @Test
    void strongEventsOfTheSameClassFromTwoArtifactsMakeNoAlert() throws Exception {
        Map<String, List<Record>> m = new LinkedHashMap<>();
        m.put("datausage", List.of(bh(T)));
        m.put("osanalytics_addaily", List.of(Record.of("package", "msgacntd", "timestamp", T.plusSeconds(60))));
        assertThat(analyze(m)).isEmpty();
    }

    @Test
    void smsAttachmentFoldersAreTwoLevelsDeepAtMost() {
        assertThat(TemporalCorrelation.smsAttachmentFolder("Library/SMS/Attachments/0a")).isTrue();
        assertThat(TemporalCorrelation.smsAttachmentFolder("Library/SMS/Attachments/0a/10/")).isTrue();
        assertThat(TemporalCorrelation.smsAttachmentFolder("private/var/mobile/Library/SMS/Attachments/0a/10")).isTrue();
        assertThat(TemporalCorrelation.smsAttachmentFolder("Library/SMS/Attachments/0a/10/ABC/IMG_1.jpg")).isFalse();
        assertThat(TemporalCorrelation.smsAttachmentFolder("Library/SMS/Attachments/")).isFalse();
        assertThat(TemporalCorrelation.smsAttachmentFolder("XLibrary/SMS/Attachments/0a")).isFalse();
    }

    @Test
    void contextEventsAloneMakeNoAlert() throws Exception {
        Map<String, List<Record>> m = new LinkedHashMap<>();
        m.put("sms_attachments", List.of(sms(T)));
        m.put("manifest", List.of(Record.of("domain", "HomeDomain", "relative_path", "Library/Preferences/com.apple.ImageIO.plist", "timestamp", T.plusSeconds(30))));
        m.put("osanalytics_addaily", List.of(Record.of("package", "mDNSResponder", "timestamp", T.plusSeconds(40))));
        // an ordinary datausage row is not an event; a Triangulation "implicit" process is context only
        m.put("datausage", List.of(Record.of("kind", "usage", "timestamp", T.plusSeconds(50), "proc_name", "MobileSafari", "bundle_id", "com.apple.mobilesafari"),
                Record.of("kind", "usage", "timestamp", T.plusSeconds(55), "proc_name", "com.apple.WebKit.WebContent")));
        Map<String, Object> ts = new LinkedHashMap<>();
        ts.put("LocationTimeStopped", "2023-05-20T08:31:00Z");
        m.put("locationd_clients", List.of(Record.of("client", "com.apple.locationd.bundle-/System/Library/LocationBundles/IonosphereHarvest.bundle", "timestamps", ts)));
        assertThat(analyze(m)).isEmpty();
    }

    @Test
    void triangulationStyleBackupAgentAndLocationdAndManifestCluster() throws Exception {
        Map<String, List<Record>> m = new LinkedHashMap<>();
        m.put("manifest", List.of(Record.of("domain", "MediaDomain", "relative_path", "Library/SMS/Attachments/65/05", "timestamp", T)));
        m.put("netusage", List.of(Record.of("kind", "usage", "timestamp", T.plusSeconds(120), "proc_name", "BackupAgent", "wifi_out", 5000),
                Record.of("kind", "usage", "timestamp", T.plusSeconds(130), "proc_name", "BackupAgent", "wifi_out", 0)));
        Map<String, Object> ts = new LinkedHashMap<>();
        ts.put("LocationTimeStopped", "2023-05-20T08:33:00Z");
        m.put("locationd_clients", List.of(Record.of("client", "com.example.x", "executable", "/private/var/tmp/x", "timestamps", ts)));
        // a second, later cluster 1 hour on: the osanalytics entry of a Pegasus process name with an SMS attachment
        m.put("osanalytics_addaily", List.of(Record.of("package", "msgacntd", "timestamp", T.plusSeconds(3600))));
        m.put("sms_attachments", List.of(sms(T.plusSeconds(3700))));
        List<Alert> alerts = analyze(m);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).event().strings("artifacts")).containsExactly("locationd_clients", "manifest", "netusage");
        assertThat(alerts.get(0).event().num("event_count", 0)).isEqualTo(4);
        assertThat(alerts.get(0).event().strings("classes")).containsExactly("location", "net", "sms");
        assertThat(alerts.get(1).event().strings("artifacts")).containsExactly("osanalytics_addaily", "sms_attachments");
    }

    @Test
    void noIndicatorsStillFindsHeuristicAnomalies() {
        Checker c = new Checker("suspicious_sequences", Indicators.empty());
        Map<String, List<Record>> m = new LinkedHashMap<>();
        m.put("sms_attachments", List.of(sms(T)));
        m.put("datausage", List.of(bh(T.plusSeconds(10))));
        new TemporalCorrelation().analyze(m, c);
        assertThat(c.alerts()).isEmpty(); // "bh" is only anomalous through the indicator
        m.put("netusage", List.of(Record.of("kind", "process", "timestamp", T.plusSeconds(20), "proc_name", "x", "binary_present", false)));
        new TemporalCorrelation().analyze(m, c);
        assertThat(c.alerts()).hasSize(1);
    }
}
