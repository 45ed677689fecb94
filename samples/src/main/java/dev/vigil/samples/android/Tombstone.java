package dev.vigil.samples.android;

import java.nio.charset.StandardCharsets;

/**
 * Tombstones as debuggerd writes them in /data/tombstones: the text form (layout of
 * Android 11-14) and the protobuf form of Android 12+ (AOSP system/core/debuggerd/proto/
 * tombstone.proto: arch=1, build_fingerprint=2, revision=3, timestamp=4, pid=5, tid=6,
 * uid=7, selinux_label=8, command_line=9, signal_info=10 {number=1, name=2, code=3,
 * code_name=4}, abort_message=14, threads=16 map<uint32, Thread{id=1, name=2}>,
 * process_uptime=20).
 */
public record Tombstone(String fingerprint, String timestamp, int pid, int tid, int uid, String threadName,
                        String cmdline, int signal, String signalName, int code, String codeName, String abort) {

    public byte[] text() {
        StringBuilder b = new StringBuilder();
        b.append("*** *** *** *** *** *** *** *** *** *** *** *** *** *** *** ***\n");
        b.append("Build fingerprint: '").append(fingerprint).append("'\n");
        b.append("Revision: 'MP1.0'\nABI: 'arm64'\n");
        b.append("Timestamp: ").append(timestamp).append('\n');
        b.append("Process uptime: 40s\n");
        b.append("Cmdline: ").append(cmdline).append('\n');
        b.append("pid: ").append(pid).append(", tid: ").append(tid).append(", name: ").append(threadName)
                .append("  >>> ").append(cmdline.split(" ")[0]).append(" <<<\n");
        b.append("uid: ").append(uid).append('\n');
        b.append("signal ").append(signal).append(" (").append(signalName).append("), code ").append(code).append(" (")
                .append(codeName).append("), fault addr 0x0000000000000000\n");
        if (abort != null) b.append("Abort message: '").append(abort).append("'\n");
        b.append("    x0  0000000000000000  x1  0000007fe1b2c3d0  x2  0000000000000010  x3  0000000000000000\n");
        b.append("\nbacktrace:\n      #00 pc 000000000004f2ac  /apex/com.android.runtime/lib64/bionic/libc.so (abort+164)\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] protobuf() {
        Protobuf p = new Protobuf()
                .varint(1, 1) // ARM64
                .string(2, fingerprint).string(3, "MP1.0").string(4, timestamp)
                .varint(5, pid).varint(6, tid).varint(7, uid).string(8, "u:r:untrusted_app:s0:c512,c768");
        for (String a : cmdline.split(" ")) p.string(9, a);
        p.message(10, new Protobuf().varint(1, signal).string(2, signalName).varint(3, code).string(4, codeName));
        if (abort != null) p.string(14, abort);
        p.message(16, new Protobuf().varint(1, tid).message(2, new Protobuf().varint(1, tid).string(2, threadName)));
        p.varint(20, 40);
        return p.toByteArray();
    }
}
