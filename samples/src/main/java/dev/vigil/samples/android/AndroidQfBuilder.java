package dev.vigil.samples.android;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes AndroidQF acquisitions (layout of AndroidQF 1.6/1.7): acquisition.json,
 * packages.json (name, files[path, local_name, md5, sha1, sha256, sha512, error,
 * verified_certificate, certificate{Md5, Sha1, Sha256, ValidFrom, ValidTo, Issuer, Subject,
 * SignatureAlgorithm, SerialNumber}, certificate_error, trusted_certificate], installer, uid,
 * disabled, system, third_party), processes.json (its on-phone collector's /proc walk),
 * getprop.txt, settings_global/secure/system.txt ({@code settings list}), dumpsys.txt,
 * files.json (path, size, mode, user_name, group_name, *_time in Unix seconds, hashes),
 * root_binaries.json, mounts.json, logcat.txt, intrusion_logs/ (Android 16), backup.ab, bugreport.zip and apks/.
 * As a folder, a zip, or an age-encrypted zip.
 */
public final class AndroidQfBuilder {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What to put in. {@code backup} null for none. */
    public record Options(boolean bugreport, AdbBackupWriter.Mode backup, String password, boolean apks) {
        public static Options full() {
            return new Options(true, AdbBackupWriter.Mode.COMPRESSED, null, true);
        }
    }

    /** Signers of the demo APKs (deterministic keys). */
    public static final ApkBuilder.Signer NOVI_SIGNER = ApkBuilder.signer("services", 1001);
    public static final ApkBuilder.Signer TT_SIGNER = ApkBuilder.signer("thetruth", 1002);

    private AndroidQfBuilder() {}

    public static Map<String, byte[]> entries(Options o) throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        Map<String, Object> acq = new LinkedHashMap<>();
        acq.put("uuid", "5d1c2a3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        acq.put("androidqf_version", "v1.7.0");
        acq.put("storage_path", "/home/analyst/androidqf/5d1c2a3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        acq.put("started", "2024-11-20T09:58:00.123456Z");
        acq.put("completed", "2024-11-20T10:04:31.000001Z");
        acq.put("collector", null);
        acq.put("tmp_dir", "/data/local/tmp/");
        acq.put("sdcard", "/sdcard/");
        acq.put("cpu", "arm64-v8a");
        e.put("acquisition.json", json(acq));
        // Log files AndroidQF copies from the phone (an ANR trace of the implant's process).
        e.put("logs/data/anr/anr_2024-11-19-13-01-05-555", ("----- pid 8841 at 2024-11-19 13:01:05.555 -----\n"
                + "Cmd line: " + DemoAndroid.NOVISPY_APP + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, byte[]> apks = new LinkedHashMap<>();
        if (o.apks()) {
            apks.put("apks/" + DemoAndroid.NOVISPY_APP + "_base.apk", ApkBuilder.apk(DemoAndroid.NOVISPY_APP, NOVI_SIGNER));
            apks.put("apks/" + DemoAndroid.STALKERWARE_APP + "_base.apk", ApkBuilder.apk(DemoAndroid.STALKERWARE_APP, TT_SIGNER));
        }
        e.put("packages.json", json(packages(apks)));
        e.put("processes.json", json(processes()));
        e.put("getprop.txt", DemoAndroid.getprop().getBytes(StandardCharsets.UTF_8));
        e.put("settings_global.txt", "adb_enabled=1\npackage_verifier_enable=0\nstay_on_while_plugged_in=0\n".getBytes(StandardCharsets.UTF_8));
        e.put("settings_secure.txt", ("android_id=9a8b7c6d5e4f3a2b\ninstall_non_market_apps=1\nenabled_accessibility_services=com.serv.services/.AccService\n"
                + "enabled_notification_listeners=com.thetruth/.NotifService:com.android.launcher3/.notification.NotificationListener\n").getBytes(StandardCharsets.UTF_8));
        e.put("settings_system.txt", "screen_brightness=102\n".getBytes(StandardCharsets.UTF_8));
        e.put("dumpsys.txt", DemoAndroid.dumpsys().getBytes(StandardCharsets.UTF_8));
        e.put("files.json", json(files()));
        e.put("root_binaries.json", json(List.of("/system/xbin/su")));
        e.put("mounts.json", json(List.of(
                "/dev/block/dm-7 on / type ext4 (ro,seclabel,nodev,relatime)",
                "/dev/block/dm-8 on /system_ext type ext4 (rw,seclabel,relatime)",
                "/dev/block/dm-9 on /vendor type ext4 (ro,seclabel,relatime)",
                "/dev/block/dm-45 on /data type f2fs (rw,lazytime,seclabel,nosuid,nodev,noatime)")));
        e.put("logcat.txt", "11-20 09:58:01.000  1588  1602 I ActivityManager: Start proc 6123:com.serv.services/u0a234\n".getBytes(StandardCharsets.UTF_8));
        IntrusionLogsBuilder.files().forEach((k, v) -> e.put("intrusion_logs/" + k, v));
        if (o.backup() != null) e.put("backup.ab", AdbBackupWriter.write(AdbBackupWriter.demoFiles(), o.backup(), o.password()));
        if (o.bugreport()) e.put("bugreport.zip", BugreportBuilder.zipBytes());
        e.putAll(apks);
        return e;
    }

    static List<Map<String, Object>> packages(Map<String, byte[]> apks) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(pkg("com.android.settings", "", 1000, false, true, false, List.of()));
        out.add(pkg("com.whatsapp", "com.android.vending", 10171, false, false, true, List.of()));
        out.add(pkg(DemoAndroid.NOVISPY_APP, "null", 10234, false, false, true,
                List.of(file("/data/app/~~cc2==/" + DemoAndroid.NOVISPY_APP + "-dd2==/base.apk", DemoAndroid.NOVISPY_APP + "_base.apk",
                        apks.get("apks/" + DemoAndroid.NOVISPY_APP + "_base.apk"), DemoAndroid.NOVISPY_CERT, null, "CN=services"))));
        out.add(pkg(DemoAndroid.STALKERWARE_APP, "com.android.chrome", 10240, false, false, true,
                List.of(file("/data/app/~~ee3==/" + DemoAndroid.STALKERWARE_APP + "-ff3==/base.apk", DemoAndroid.STALKERWARE_APP + "_base.apk",
                        apks.get("apks/" + DemoAndroid.STALKERWARE_APP + "_base.apk"), TT_SIGNER.sha256(), TT_SIGNER.sha1(), "CN=thetruth"))));
        out.add(pkg("com.topjohnwu.magisk", "com.google.android.packageinstaller", 10250, false, false, true, List.of()));
        out.add(pkg("com.wssyncmldm", "", 1000, true, true, false, List.of()));
        return out;
    }

    static Map<String, Object> pkg(String name, String installer, int uid, boolean disabled, boolean system, boolean third, List<Map<String, Object>> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("files", files);
        m.put("installer", installer);
        m.put("uid", uid);
        m.put("disabled", disabled);
        m.put("system", system);
        m.put("third_party", third);
        return m;
    }

    static Map<String, Object> file(String path, String local, byte[] apk, String certSha256, String certSha1, String subject) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", path);
        f.put("local_name", apk == null ? "" : local);
        f.put("md5", apk == null ? "" : Hashes.hex("MD5", apk));
        f.put("sha1", apk == null ? "" : Hashes.hex("SHA-1", apk));
        f.put("sha256", apk == null ? "" : Hashes.hex("SHA-256", apk));
        f.put("sha512", apk == null ? "" : Hashes.hex("SHA-512", apk));
        f.put("error", "");
        f.put("verified_certificate", true);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Md5", "");
        c.put("Sha1", certSha1 == null ? "" : certSha1.toUpperCase(java.util.Locale.ROOT));
        c.put("Sha256", certSha256.toUpperCase(java.util.Locale.ROOT));
        c.put("ValidFrom", "2020-01-01T00:00:00Z");
        c.put("ValidTo", "2050-01-01T00:00:00Z");
        c.put("Issuer", subject);
        c.put("Subject", subject);
        c.put("SignatureAlgorithm", "SHA256-RSA");
        c.put("SerialNumber", 1001);
        f.put("certificate", c);
        f.put("certificate_error", "");
        f.put("trusted_certificate", false);
        return f;
    }

    static List<Map<String, Object>> processes() {
        List<Map<String, Object>> l = new ArrayList<>();
        l.add(proc(1, 0, 0, "(init)", "/system/bin/init", "u:r:init:s0", List.of("/system/bin/init", "second_stage")));
        l.add(proc(1588, 1, 1000, "(system_server)", "/system/bin/app_process64", "u:r:system_server:s0", List.of("system_server")));
        l.add(proc(6123, 690, 10234, "(com.serv.services)", "/system/bin/app_process64", "u:r:untrusted_app:s0:c234,c256,c512,c768",
                List.of(DemoAndroid.NOVISPY_APP)));
        l.add(proc(7001, 1, 2000, "(dropbox)", DemoAndroid.CAMPAIGN_FILE, "u:r:shell:s0", List.of(DemoAndroid.CAMPAIGN_FILE, "-d")));
        return l;
    }

    static Map<String, Object> proc(int pid, int ppid, int uid, String filename, String path, String ctx, List<String> cmd) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("uid", uid);
        m.put("ppid", ppid);
        m.put("pgroup", pid);
        m.put("psid", pid);
        m.put("filename", filename);
        m.put("priority", 20);
        m.put("state", "S");
        m.put("user_time", 12);
        m.put("kernel_time", 3);
        m.put("path", path);
        m.put("context", ctx);
        m.put("previous_context", ctx);
        m.put("command_line", cmd);
        m.put("env", List.of());
        m.put("cwd", "/");
        return m;
    }

    static List<Map<String, Object>> files() {
        List<Map<String, Object>> l = new ArrayList<>();
        l.add(fileEntry("/data/local/tmp/dropbox", 88120, "-rwxr-xr-x", "shell", 1732000000L, "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233"));
        l.add(fileEntry("/data/local/tmp/.x/ksu", 20480, "-rwxr-x---", "shell", 1732000100L, null));
        l.add(fileEntry("/sdcard/Download/invoice.pdf", 120044, "-rw-rw----", "u0_a171", 1731900000L, null));
        l.add(fileEntry("/system/bin/sh", 300000, "-rwxr-xr-x", "root", 1230768000L, null));
        return l;
    }

    static Map<String, Object> fileEntry(String path, long size, String mode, String user, long mtime, String sha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("size", size);
        m.put("mode", mode);
        m.put("user_id", 2000);
        m.put("user_name", user);
        m.put("group_id", 2000);
        m.put("group_name", user);
        m.put("changed_time", mtime);
        m.put("modified_time", mtime);
        m.put("access_time", mtime);
        m.put("error", "");
        m.put("context", "u:object_r:shell_data_file:s0");
        m.put("sha1", "");
        m.put("sha256", sha256 == null ? "" : sha256);
        m.put("sha512", "");
        m.put("md5", "");
        return m;
    }

    static byte[] json(Object o) throws IOException {
        return JSON.writeValueAsBytes(o);
    }

    public static Path folder(Path dir, Options o) throws IOException {
        Zips.folder(entries(o), dir);
        return dir;
    }

    public static Path zip(Path file, Options o) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Zips.zip(entries(o)));
        return file;
    }

    public static Path ageZip(Path file, Options o) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, AgeWriter.encrypt(Zips.zip(entries(o)), AgeWriter.RECIPIENT));
        return file;
    }
}
