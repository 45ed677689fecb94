package dev.vigil.samples.ios.fs;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A sysdiagnose archive as an iPhone on iOS 16.5 (20F66) writes it:
 * {@code sysdiagnose_<date>_iPhone-OS_iPhone_<build>.tar.gz} with one top folder holding
 * {@code ps.txt} and {@code ps_thread.txt} (BSD ps columns), {@code spindump-nosymbols.txt},
 * {@code taskinfo.txt}, {@code remotectl_dumpstate.txt}, {@code system_logs.logarchive/}
 * with the shutdown logs in {@code Extra/}, and crash reports in {@code crashes_and_spins/}
 * (.ips: JSON header line + JSON body, iOS 15+; .crash: older text reports). For parser
 * coverage the three shutdown-log forms are all present: {@code shutdown.log}
 * (header + indented clients), {@code shutdown.0.log} (iOS 26, UUID after each client
 * path) and {@code shutdown.1.log} (classic bare lines). Planted: Pegasus process names
 * {@code rolexd}, {@code bh} and {@code eventstorpd} (Amnesty 2021 NSO indicators), a
 * program running from {@code /private/var/db/}, an IMTranscoderAgent crash.
 */
public final class SysdiagnoseBuilder {
    public static final String TOP = "sysdiagnose_2023.06.01_10-00-00+0000_iPhone-OS_iPhone_20F66/";
    public static final String IMPLANT = "/" + PegasusDump.IMPLANT;

    private SysdiagnoseBuilder() {}

    /** The files of the archive, by path below the top folder. */
    public static Map<String, byte[]> files() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("ps.txt", utf8("""
                USER               UID PRSNA   PID  PPID        F  %%CPU %%MEM PRI NI      VSZ    RSS WCHAN    TT  STAT STARTED      TIME COMMAND
                root                 0     -     1     0     4004   0.0  0.3  31  0 408270368  11248 -        ??  Ss   Thu09AM   0:31.49 /sbin/launchd
                mobile             501     -    51     1  1004004   0.4  2.9  47  0 410542096 106704 -        ??  Ss   Thu09AM   5:10.22 /System/Library/CoreServices/SpringBoard.app/SpringBoard
                root                 0     -    87     1     4004   0.0  0.4  31  0 408701200  14144 -        ??  Ss   Thu09AM   0:12.01 /usr/libexec/locationd
                mobile             501     -   412     1     4004   0.0  0.1  31  0 408255344   4000 -        ??  Ss   Thu09AM   0:00.40 %s
                mobile             501     -   640     1  1004004   0.0  1.0  31  0 409800000  38000 -        ??  Ss   10:01AM   0:01.00 /private/var/containers/Bundle/Application/0F0E0D0C-1111-4222-8333-444455556666/My App.app/My App -launchedBy springboard
                """.formatted(IMPLANT)));
        m.put("ps_thread.txt", utf8("""
                USER               PID   TT   %%CPU STAT PRI     STIME     UTIME COMMAND
                root                 1   ??    0.0 S    31T   0:20.10   0:11.39 /sbin/launchd
                                         0.0 S    31T   0:00.00   0:00.00
                root                87   ??    0.0 S    31T   0:08.00   0:04.01 /usr/libexec/locationd
                                         0.0 S    31T   0:00.10   0:00.01
                mobile             412   ??    0.0 S    31T   0:00.30   0:00.10 %s
                """.formatted(IMPLANT)));
        m.put("spindump-nosymbols.txt", utf8("""
                Date/Time:        2023-06-01 10:00:02.123 +0000
                OS Version:       iPhone OS 16.5 (Build 20F66)
                Architecture:     arm64e
                Report Version:   35.1

                Process:          locationd [87]
                Path:             /usr/libexec/locationd
                Architecture:     arm64e

                Process:          bh [913]
                Path:             /private/var/tmp/bh
                Architecture:     arm64

                Process:          SpringBoard [51]
                Path:             /System/Library/CoreServices/SpringBoard.app/SpringBoard
                """));
        m.put("taskinfo.txt", utf8("""
                num tasks: 3

                process: "launchd" [1]
                	run time: 90000 s
                	threads: 4

                process: "eventstorpd" [455]
                	run time: 3600 s
                	threads: 2

                process: "locationd" [87]
                	run time: 89990 s
                	threads: 9
                """));
        m.put("remotectl_dumpstate.txt", utf8("""
                Local device
                	UUID: 00000000-0000-0000-0000-000000000000
                	Properties: {
                		ProductType => iPhone14,2
                		ProductVersion => 16.5
                		BuildVersion => 20F66
                	}
                """));
        List<ShutdownLogs.Shutdown> demo = PegasusDump.demoShutdowns(IMPLANT);
        m.put("system_logs.logarchive/Extra/shutdown.log", utf8(ShutdownLogs.headerIndented(demo)));
        m.put("system_logs.logarchive/Extra/shutdown.0.log", utf8(ShutdownLogs.ios26(List.of(
                new ShutdownLogs.Shutdown(Instant.parse("2023-05-20T06:00:00Z"), List.of(
                        new ShutdownLogs.Notice(0.52, List.of(new ShutdownLogs.Client(77, "/usr/sbin/filecoordinationd"))))),
                new ShutdownLogs.Shutdown(Instant.parse("2023-05-21T06:00:00Z"), List.of(
                        new ShutdownLogs.Notice(0.50, List.of(new ShutdownLogs.Client(78, "/usr/sbin/filecoordinationd"))))
                )))));
        m.put("system_logs.logarchive/Extra/shutdown.1.log", utf8(ShutdownLogs.classic(List.of(
                new ShutdownLogs.Shutdown(Instant.parse("2023-04-01T12:00:00Z"), List.of(
                        new ShutdownLogs.Notice(0, List.of(new ShutdownLogs.Client(60, "/usr/libexec/nsurlsessiond"),
                                new ShutdownLogs.Client(61, "/usr/sbin/mediaserverd")))))))));
        m.put("system_logs.logarchive/Info.plist", utf8("<plist version=\"1.0\"><dict><key>OSArchiveVersion</key><integer>5</integer></dict></plist>\n"));
        m.put("crashes_and_spins/IMTranscoderAgent-2023-05-29-221000.ips", utf8(
                "{\"app_name\":\"IMTranscoderAgent\",\"timestamp\":\"2023-05-29 22:10:00.00 +0000\",\"app_version\":\"10.0\",\"slice_uuid\":\"a1b2c3d4-0000-4000-8000-000000000001\","
                        + "\"build_version\":\"1000\",\"platform\":2,\"bundleID\":\"com.apple.imtranscoding.IMTranscoderAgent\",\"share_with_app_devs\":0,\"is_first_party\":1,"
                        + "\"bug_type\":\"309\",\"os_version\":\"iPhone OS 16.5 (20F66)\",\"incident_id\":\"11111111-2222-4333-8444-555555555555\",\"name\":\"IMTranscoderAgent\"}\n"
                        + "{\n  \"uptime\" : 10000,\n  \"procRole\" : \"Unspecified\",\n  \"version\" : 2,\n  \"modelCode\" : \"iPhone14,2\",\n  \"captureTime\" : \"2023-05-29 22:10:00.0000 +0000\",\n"
                        + "  \"pid\" : 390,\n  \"procName\" : \"IMTranscoderAgent\",\n  \"procPath\" : \"/System/Library/PrivateFrameworks/IMTranscoding.framework/XPCServices/IMTranscoderAgent.xpc/IMTranscoderAgent\",\n"
                        + "  \"parentProc\" : \"launchd\",\n  \"exception\" : {\"type\" : \"EXC_BAD_ACCESS\", \"signal\" : \"SIGSEGV\"}\n}\n"));
        m.put("crashes_and_spins/rolexd-2023-05-30-080000.ips", utf8(
                "{\"app_name\":\"rolexd\",\"timestamp\":\"2023-05-30 08:00:00.00 +0000\",\"bug_type\":\"309\",\"os_version\":\"iPhone OS 16.5 (20F66)\",\"name\":\"rolexd\"}\n"
                        + "{\"pid\" : 412, \"procName\" : \"rolexd\", \"procPath\" : \"" + IMPLANT + "\", \"parentProc\" : \"launchd\", \"modelCode\" : \"iPhone14,2\"}\n"));
        m.put("crashes_and_spins/Safari-2019-11-02-101010.crash", utf8("""
                Incident Identifier: 2C8B2F3A-1111-4222-8333-444455556666
                Hardware Model:      iPhone11,2
                Process:             MobileSafari [1234]
                Path:                /Applications/MobileSafari.app/MobileSafari
                Identifier:          com.apple.mobilesafari
                Parent Process:      launchd [1]
                Date/Time:           2019-11-02 10:10:10.000 +0000
                OS Version:          iPhone OS 13.2 (17B84)
                """));
        return m;
    }

    /** Writes the .tar.gz; {@code padding} adds incompressible log-archive bulk (for benchmarks). */
    public static Path build(Path out, long padding) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Date when = Date.from(Instant.parse("2023-06-01T10:00:00Z"));
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
             GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry top = new TarArchiveEntry(TOP);
            top.setModTime(when);
            tar.putArchiveEntry(top);
            tar.closeArchiveEntry();
            for (var e : files().entrySet()) put(tar, TOP + e.getKey(), e.getValue(), when);
            Random rnd = new Random(42);
            long left = padding;
            int i = 0;
            byte[] chunk = new byte[4 << 20];
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                rnd.nextBytes(chunk);
                byte[] data = n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n);
                put(tar, TOP + "system_logs.logarchive/Persist/" + String.format("%016x", ++i) + ".tracev3", data, when);
                left -= n;
            }
            tar.finish();
        }
        return out;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data, Date when) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setModTime(when);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
