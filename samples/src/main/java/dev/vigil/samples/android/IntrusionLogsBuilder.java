package dev.vigil.samples.android;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Android 16 intrusion logs as exported from Advanced Protection: newline-delimited JSON
 * text files, each line one event wrapped in its type ("dns_event", "connect_event",
 * "security_event" with a SecurityLog tag object). Times are Unix milliseconds. Planted: a
 * DNS lookup of the 2023 Android campaign domain {@value DemoAndroid#CAMPAIGN_DOMAIN}, a
 * connection to ResidentBat's C2 address {@value #RESIDENTBAT_IP}, an adb push of
 * {@value DemoAndroid#CAMPAIGN_FILE} and the install of {@value DemoAndroid#NOVISPY_APP}.
 */
public final class IntrusionLogsBuilder {
    public static final String RESIDENTBAT_IP = "83.220.169.120";

    private IntrusionLogsBuilder() {}

    public static Map<String, byte[]> files() {
        String day1 = String.join("\n",
                "{\"dns_event\":{\"event_id\":1,\"event_time\":1732021200000,\"hostname\":\"www.google.com\",\"ip_addresses\":[\"/142.250.180.4\"],\"package_name\":\"com.android.chrome\",\"uid\":10123}}",
                "{\"dns_event\":{\"event_id\":2,\"event_time\":1732021263500,\"hostname\":\"" + DemoAndroid.CAMPAIGN_DOMAIN + "\",\"ip_addresses\":[\"/185.1.2.3\"],\"package_name\":\"com.android.chrome\",\"uid\":10123}}",
                "{\"connect_event\":{\"event_id\":3,\"event_time\":1732021300000,\"ip_address\":\"/" + RESIDENTBAT_IP + "\",\"port\":443,\"package_name\":\"" + DemoAndroid.NOVISPY_APP + "\",\"uid\":10234}}",
                "{\"security_event\":{\"event_id\":4,\"event_time\":1731973255000,\"adb_sync_send_file\":{\"path\":\"" + DemoAndroid.CAMPAIGN_FILE + "\"}}}",
                "{\"security_event\":{\"event_id\":5,\"event_time\":1731973267000,\"package_installed\":{\"package_name\":\"" + DemoAndroid.NOVISPY_APP + "\",\"version_code\":1,\"user_id\":0}}}",
                "{\"security_event\":{\"event_id\":6,\"event_time\":1731973300000,\"cert_authority_installed\":{\"success\":1,\"subject\":\"CN=Corp Proxy CA\",\"user_id\":0}}}",
                "") ;
        // the next day's file overlaps the first by one event, as exports of consecutive days do
        String day2 = String.join("\n",
                "{\"security_event\":{\"event_id\":6,\"event_time\":1731973300000,\"cert_authority_installed\":{\"success\":1,\"subject\":\"CN=Corp Proxy CA\",\"user_id\":0}}}",
                "{\"security_event\":{\"event_id\":7,\"event_time\":1732100000000,\"app_process_start\":{\"process\":\"com.whatsapp\",\"start_time\":1732100000000,\"uid\":10171,\"pid\":812,\"seinfo\":\"default:targetSdkVersion=34\",\"apk_hash\":\"ab12\"}}}",
                "{\"connect_event\":{\"event_id\":8,\"event_time\":1732100001000,\"ip_address\":\"ip6-localhost/::1\",\"port\":5037,\"package_name\":\"android\",\"uid\":1000}}",
                "");
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("intrusion_log_2024-11-19.txt", day1.getBytes(StandardCharsets.UTF_8));
        m.put("intrusion_log_2024-11-20.txt", day2.getBytes(StandardCharsets.UTF_8));
        return m;
    }
}
