package dev.vigil.samples.android;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an Android bugreport zip as {@code adb bugreport} produces it on Android 12-14:
 * main_entry.txt naming bugreport-DEVICE-BUILD-DATE.txt (the dumpstate text: "== dumpstate:"
 * header, "------ SYSTEM PROPERTIES (getprop) ------" and the other dumpstate sections,
 * then "------ DUMPSYS (/system/bin/dumpsys) ------" with the DUMP OF SERVICE sections),
 * version.txt, dumpstate_log.txt, and FS/data/tombstones/ with text tombstones and their
 * protobuf twins (tombstone_NN.pb, Android 12+).
 */
public final class BugreportBuilder {
    public static final String MAIN = "bugreport-oriole-UP1A.231105.003-2024-11-20-10-00-00.txt";

    private BugreportBuilder() {}

    /** The dumpstate main text of the demo phone. */
    public static String dumpstate() {
        StringBuilder b = new StringBuilder();
        b.append("========================================================\n");
        b.append("== dumpstate: ").append(DemoAndroid.DEVICE_TIME).append('\n');
        b.append("========================================================\n\n");
        b.append("Build: UP1A.231105.003\nBuild fingerprint: '").append(DemoAndroid.FINGERPRINT).append("'\n");
        b.append("Bootloader: slider-1.3-10780582\nRadio: g5123b-116954-230511-B-10112789\nNetwork: Telenor\n");
        b.append("Kernel: Linux version 5.10.177-android13-4-00003-g1c2d3e4f5a6b\nUptime: up 2 days, 3:04\n");
        b.append("Bugreport format version: 2.0\nDumpstate info: id=1 pid=9912 dry_run=0 parallel_run=1 args=bugreportz -p\n\n");
        b.append("------ KERNEL LOG (dmesg) ------\n[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x412fd050]\n");
        b.append("------ 0.041s was the duration of 'KERNEL LOG (dmesg)' ------\n");
        b.append("------ SYSTEM PROPERTIES (getprop) ------\n").append(DemoAndroid.getprop());
        b.append("------ 0.032s was the duration of 'SYSTEM PROPERTIES' ------\n");
        b.append("------ DUMPSYS CRITICAL (/system/bin/dumpsys) ------\n");
        b.append(new DumpsysText(DemoAndroid.DEVICE_TIME).section("CRITICAL ", "SurfaceFlinger", "Build configuration: [sf PRESENT_TIME_OFFSET=0]\n").text());
        b.append("------ 0.2s was the duration of 'DUMPSYS CRITICAL' ------\n");
        b.append("------ DUMPSYS (/system/bin/dumpsys) ------\n");
        b.append(DemoAndroid.body(new DumpsysText(DemoAndroid.DEVICE_TIME)).text());
        b.append("------ 9.100s was the duration of 'DUMPSYS' ------\n");
        b.append("------ APP ACTIVITIES (/system/bin/dumpsys activity -v all) ------\nACTIVITY MANAGER ACTIVITIES (dumpsys activity activities)\n");
        b.append("------ 0.5s was the duration of 'APP ACTIVITIES' ------\n");
        return b.toString();
    }

    public static Map<String, byte[]> entries() {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("main_entry.txt", MAIN.getBytes(StandardCharsets.US_ASCII));
        e.put("version.txt", "2.0".getBytes(StandardCharsets.US_ASCII));
        e.put(MAIN, dumpstate().getBytes(StandardCharsets.UTF_8));
        e.put("dumpstate_log.txt", "dumpstate log: begin\n".getBytes(StandardCharsets.US_ASCII));
        List<Tombstone> t = DemoAndroid.tombstones();
        e.put("FS/data/tombstones/tombstone_00", t.get(0).text());
        e.put("FS/data/tombstones/tombstone_01", t.get(1).text());
        e.put("FS/data/tombstones/tombstone_01.pb", t.get(1).protobuf());
        e.put("FS/data/tombstones/tombstone_02.pb", t.get(2).protobuf());
        return e;
    }

    public static byte[] zipBytes() throws IOException {
        return Zips.zip(entries());
    }

    public static Path zip(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, zipBytes());
        return file;
    }

    public static Path folder(Path dir) throws IOException {
        Zips.folder(entries(), dir);
        return dir;
    }
}
