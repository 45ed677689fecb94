package dev.vigil.samples.android;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a large AndroidQF acquisition folder for the benchmark (never committed, written
 * at run time): N packages in packages.json and dumpsys package/appops sections, a dumpsys.txt
 * of about the requested size (the kept sections plus bulky sections Vigil skips: meminfo,
 * procstats, gfxinfo, activity), and files.json with M entries written with Jackson's
 * streaming generator. Deterministic (seeded). Usage: BenchAcquisition DIR [packages] [dumpsysMB] [files].
 */
public final class BenchAcquisition {
    private BenchAcquisition() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int packages = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        long dumpsysMb = args.length > 2 ? Long.parseLong(args[2]) : 200;
        int files = args.length > 3 ? Integer.parseInt(args[3]) : 500_000;
        long t0 = System.nanoTime();
        write(dir, packages, dumpsysMb << 20, files);
        System.out.printf("generated %s: %d packages, dumpsys.txt %d bytes, %d files.json entries in %.1f s%n", dir, packages,
                Files.size(dir.resolve("dumpsys.txt")), files, (System.nanoTime() - t0) / 1e9);
    }

    static String pkg(int i) {
        return i % 997 == 0 ? DemoAndroid.NOVISPY_APP : "com.vendor" + (i % 50) + ".app" + i;
    }

    public static void write(Path dir, int packages, long dumpsysBytes, int files) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(42);
        ObjectMapper json = new ObjectMapper();
        // acquisition.json, getprop, settings, processes, mounts, root binaries
        Map<String, Object> acq = new LinkedHashMap<>();
        acq.put("uuid", "bench");
        acq.put("androidqf_version", "v1.7.0");
        acq.put("started", "2024-11-20T09:58:00Z");
        json.writeValue(dir.resolve("acquisition.json").toFile(), acq);
        Files.writeString(dir.resolve("getprop.txt"), DemoAndroid.getprop());
        Files.writeString(dir.resolve("settings_global.txt"), "adb_enabled=1\npackage_verifier_enable=1\n");
        Files.writeString(dir.resolve("settings_secure.txt"), "install_non_market_apps=0\n");
        Files.writeString(dir.resolve("settings_system.txt"), "screen_brightness=102\n");
        json.writeValue(dir.resolve("root_binaries.json").toFile(), List.of());
        json.writeValue(dir.resolve("mounts.json").toFile(), List.of("/dev/block/dm-7 on / type ext4 (ro,seclabel,relatime)"));
        List<Map<String, Object>> procs = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            procs.add(AndroidQfBuilder.proc(1000 + i, 1, 10000 + i, "(" + pkg(i) + ")", "/system/bin/app_process64", "u:r:untrusted_app:s0",
                    List.of(pkg(i))));
        }
        json.writeValue(dir.resolve("processes.json").toFile(), procs);
        // packages.json
        List<Map<String, Object>> pj = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < packages; i++) {
            byte[] h = new byte[32];
            rnd.nextBytes(h);
            Map<String, Object> f = AndroidQfBuilder.file("/data/app/~~x" + i + "==/" + pkg(i) + "-y==/base.apk", pkg(i) + "_base.apk",
                    null, hex.formatHex(h), null, "CN=" + pkg(i));
            f.put("sha256", hex.formatHex(h));
            pj.add(AndroidQfBuilder.pkg(pkg(i), i % 3 == 0 ? "com.android.vending" : i % 3 == 1 ? "" : "com.android.chrome",
                    10000 + i, i % 101 == 0, i % 2 == 0, i % 2 == 1, List.of(f)));
        }
        json.writeValue(dir.resolve("packages.json").toFile(), pj);
        // dumpsys.txt
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("dumpsys.txt"), StandardCharsets.UTF_8)) {
            long[] written = {0};
            java.util.function.Consumer<String> out = s -> {
                try {
                    w.write(s);
                    written[0] += s.length();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            List<DumpsysText.Pkg> list = new ArrayList<>();
            List<DumpsysText.Op> ops = new ArrayList<>();
            List<DumpsysText.Filter> acts = new ArrayList<>();
            for (int i = 0; i < packages; i++) {
                list.add(new DumpsysText.Pkg(pkg(i), 10000 + i, "1." + i, i, "/data/app/~~x" + i + "==/" + pkg(i) + "-y==",
                        "2024-01-01 00:00:00", "2024-06-01 12:00:00", i % 3 == 0 ? "com.android.vending" : null,
                        List.of("android.permission.INTERNET", "android.permission.READ_SMS", "android.permission.CAMERA"),
                        i % 7 == 0 ? List.of("android.permission.READ_SMS", "android.permission.CAMERA") : List.of(), true));
                ops.add(new DumpsysText.Op(10000 + i, pkg(i), "CAMERA", "allow", "2024-11-19 12:00:01.000"));
                acts.add(new DumpsysText.Filter("android.intent.action.MAIN", pkg(i) + "/.Main"));
            }
            DumpsysText d = new DumpsysText("2024-11-20 10:00:12").preamble(List.of("package", "appops", "batterystats", "meminfo"));
            d.section("package", DumpsysText.packageSection(list, acts, acts.subList(0, Math.min(500, acts.size()))));
            d.section("appops", DumpsysText.appopsSection(ops));
            d.section("accessibility", DumpsysText.accessibilitySection(List.of(pkg(997) + "/.Acc"), List.of(pkg(997) + "/.Acc")));
            List<String> hist = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) hist.add("+" + i + "s000ms (2) 100 +job=u0a" + (i % packages) + ":\"" + pkg(i % packages) + "/.Job\"");
            List<DumpsysText.Daily> daily = new ArrayList<>();
            for (int day = 1; day <= 9; day++) {
                List<String> ups = new ArrayList<>();
                for (int i = 0; i < 200; i++) ups.add(pkg(i * 7 % packages) + "=" + (day * 10 + i));
                daily.add(new DumpsysText.Daily("2024-11-0" + day + "-02-00-00", "2024-11-0" + (day + 1 > 9 ? 9 : day + 1) + "-02-00-00", ups));
            }
            d.section("batterystats", DumpsysText.batterystatsSection(daily, hist));
            out.accept(d.text());
            // bulky sections Vigil does not keep
            String[] bulky = {"meminfo", "procstats", "gfxinfo", "activity"};
            int s = 0;
            StringBuilder b = new StringBuilder();
            while (written[0] < dumpsysBytes) {
                String name = bulky[s++ % bulky.length] + (s > 4 ? "." + s : "");
                b.setLength(0);
                b.append(DumpsysText.SEPARATOR).append("\nDUMP OF SERVICE ").append(name).append(":\n");
                for (int i = 0; i < 20_000 && written[0] + b.length() < dumpsysBytes; i++) {
                    b.append("  pid ").append(1000 + i).append(' ').append(pkg(i % packages)).append(": Native Heap ")
                            .append(rnd.nextInt(100000)).append(" kB, Dalvik Heap ").append(rnd.nextInt(100000))
                            .append(" kB, Views: ").append(rnd.nextInt(500)).append(", frames rendered: ").append(rnd.nextInt(1 << 20)).append('\n');
                }
                b.append("--------- 0.5s was the duration of dumpsys ").append(name).append(", ending at: 2024-11-20 10:00:12\n");
                out.accept(b.toString());
            }
        }
        // files.json, streamed
        try (OutputStream os = Files.newOutputStream(dir.resolve("files.json"));
             JsonGenerator g = json.getFactory().createGenerator(os, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (int i = 0; i < files; i++) {
                g.writeStartObject();
                String p = i == files / 2 ? DemoAndroid.CAMPAIGN_FILE : "/data/data/" + pkg(i % packages) + "/files/f" + i + ".bin";
                g.writeStringField("path", p);
                g.writeNumberField("size", rnd.nextInt(1 << 20));
                g.writeStringField("mode", "-rw-rw----");
                g.writeNumberField("user_id", 10000 + i % packages);
                g.writeStringField("user_name", "u0_a" + (i % packages));
                g.writeNumberField("group_id", 10000 + i % packages);
                g.writeStringField("group_name", "u0_a" + (i % packages));
                long t = 1_700_000_000L + rnd.nextInt(30_000_000);
                g.writeNumberField("changed_time", t);
                g.writeNumberField("modified_time", t);
                g.writeNumberField("access_time", t);
                g.writeStringField("error", "");
                g.writeStringField("context", "u:object_r:app_data_file:s0");
                g.writeStringField("sha1", "");
                if (i % 10 == 0) {
                    byte[] h = new byte[32];
                    rnd.nextBytes(h);
                    g.writeStringField("sha256", hex.formatHex(h));
                } else {
                    g.writeStringField("sha256", "");
                }
                g.writeStringField("sha512", "");
                g.writeStringField("md5", "");
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }
}
