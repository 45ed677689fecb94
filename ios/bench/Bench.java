import dev.vigil.core.ioc.AllowList;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.ioc.IocSets;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.core.run.EvidenceTypes;
import dev.vigil.samples.ios.fs.SysdiagnoseBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benchmark driver (not a test): generates large evidence in /tmp, and runs whole checks
 * in-process (Check.run: open, modules, result folder, with the bundled indicator set as
 * `vigil check-fs` / `check-sysdiagnose` load it) for profiling. run-benchmarks.sh times the
 * real command line instead.
 *
 *   gen-fs OUT.tar ENTRIES TOTAL_BYTES     a dump under filesystem1/ with iOS-like long paths
 *   gen-sd OUT.tar.gz PADDING_BYTES        the sample sysdiagnose plus incompressible log bulk
 *   check TYPE PATH OUTDIR [flag...]       TYPE = ios-fs | ios-sysdiagnose; flags: fast, hashes
 *   phases TYPE PATH [flag...]             CPU time of each phase on one thread: indicators, open, each module
 */
public class Bench {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "gen-fs" -> genFs(Path.of(a[1]), Integer.parseInt(a[2]), Long.parseLong(a[3]));
            case "gen-sd" -> SysdiagnoseBuilder.build(Path.of(a[1]), Long.parseLong(a[2]));
            case "check" -> check(a);
            case "phases" -> phases(a);
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    static void genFs(Path out, int entries, long total) throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        long avg = total / entries;
        byte[] buf = new byte[(int) Math.min(avg * 4, 64 << 20)];
        for (int i = 0; i < buf.length; i += 8) {
            long v = rnd.nextLong();
            for (int k = 0; k < 8 && i + k < buf.length; k++) buf[i + k] = (byte) (v >>> (8 * k));
        }
        Date when = new Date(1685613600000L);
        String[] areas = {"private/var/mobile/Containers/Data/Application/%08X-1F1B-4E5A-9D1E-3C2B1A0F9E8D/Library/Caches/com.example.app%d/fsCachedData/",
                "private/var/mobile/Library/Caches/com.apple.Spotlight/%08X/index%d/",
                "private/var/containers/Bundle/Application/%08X-0000-4000-8000-111122223333/App%d.app/Frameworks/",
                "System/Library/PrivateFrameworks/Framework%08X.framework/Resources%d/",
                "private/var/db/uuidtext/%08X/%d/"};
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 20))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            long written = 0;
            for (int i = 0; i < entries; i++) {
                String dir = String.format(areas[i % areas.length], i / 200, i % 7);
                String name = "filesystem1/" + dir + "file-" + i + ".bin";
                long left = total - written;
                int remainingEntries = entries - i;
                long size = Math.max(0, Math.min(buf.length, (long) (left / remainingEntries * (0.25 + 1.5 * rnd.nextDouble()))));
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(size);
                e.setMode(0100644);
                e.setModTime(when);
                t.putArchiveEntry(e);
                int off = rnd.nextInt(Math.max(1, buf.length - (int) size));
                t.write(buf, off, (int) size);
                t.closeArchiveEntry();
                written += size;
            }
            // a planted implant among them
            TarArchiveEntry e = new TarArchiveEntry("filesystem1/private/var/db/com.apple.xpc.roleaccountd.staging/rolexd");
            byte[] macho = new byte[4096];
            macho[0] = (byte) 0xcf; macho[1] = (byte) 0xfa; macho[2] = (byte) 0xed; macho[3] = (byte) 0xfe;
            e.setSize(macho.length);
            e.setMode(0100755);
            t.putArchiveEntry(e);
            t.write(macho);
            t.closeArchiveEntry();
        }
        System.out.println(out + " " + Files.size(out) + " bytes, " + (entries + 1) + " entries");
    }

    static void check(String[] a) throws Exception {
        var type = EvidenceTypes.byName(a[1]).orElseThrow();
        CheckOptions o = new CheckOptions();
        for (int i = 4; i < a.length; i++) o.flag(a[i], true);
        long l0 = System.nanoTime();
        Indicators ind = IocSets.defaults(AllowList.none());
        System.out.printf("indicators: %d ms%n", (System.nanoTime() - l0) / 1_000_000);
        long t0 = System.nanoTime();
        var out = Check.run(type, List.of(Path.of(a[2])), o, ind, Path.of(a[3]), List.of(a), null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Runtime rt = Runtime.getRuntime();
        System.out.printf("check %s: %d ms in Check.run, %d alerts, heap committed %d MiB%n", a[1], ms, out.result().alerts().size(), rt.totalMemory() >> 20);
        for (ModuleResult m : out.result().modules()) {
            System.out.printf("  %-28s %-9s %6d records %3d alerts%s%n", m.slug(), m.status().json(), m.records().size(), m.alerts().size(),
                    m.error() == null ? "" : "  " + m.error());
        }
    }

    /** Thread CPU time of each phase of a check, run one after the other on this thread. */
    static void phases(String[] a) throws Exception {
        var type = EvidenceTypes.byName(a[1]).orElseThrow();
        CheckOptions o = new CheckOptions();
        for (int i = 3; i < a.length; i++) o.flag(a[i], true);
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
        Indicators ind = IocSets.defaults(AllowList.none());
        long c1 = mx.getCurrentThreadCpuTime(), w1 = System.nanoTime();
        System.out.printf("%-34s cpu %6d ms  wall %6d ms%n", "indicators (" + ind.size() + ")", (c1 - c0) / 1_000_000, (w1 - w0) / 1_000_000);
        long h0 = mx.getCurrentThreadCpuTime(), hw = System.nanoTime();
        new dev.vigil.core.evidence.Custody().hashFile(Path.of(a[2]), "x");
        System.out.printf("%-34s cpu %6d ms  wall %6d ms%n", "custody hash alone", (mx.getCurrentThreadCpuTime() - h0) / 1_000_000, (System.nanoTime() - hw) / 1_000_000);
        var modules = type.modules(o);
        c0 = mx.getCurrentThreadCpuTime(); w0 = System.nanoTime();
        try (var src = type.open(List.of(Path.of(a[2])), o)) {
            c1 = mx.getCurrentThreadCpuTime(); w1 = System.nanoTime();
            System.out.printf("%-34s cpu %6d ms  wall %6d ms (main thread; archive hash on another)%n", "open", (c1 - c0) / 1_000_000, (w1 - w0) / 1_000_000);
            long total = 0;
            for (var m : modules) {
                long m0 = mx.getCurrentThreadCpuTime();
                var ctx = new dev.vigil.core.module.ModuleContext(src, o.flags(), ind);
                String status = "ok";
                try {
                    m.run(ctx);
                } catch (Exception e) {
                    status = e.getClass().getSimpleName();
                }
                long t = mx.getCurrentThreadCpuTime() - m0;
                total += t;
                if (t > 20_000_000) System.out.printf("  %-32s cpu %6d ms  %s, %d records%n", m.slug(), t / 1_000_000, status, ctx.records().size());
            }
            System.out.printf("%-34s cpu %6d ms%n", "modules (" + modules.size() + ")", total / 1_000_000);
            long k0 = mx.getCurrentThreadCpuTime();
            src.custody();
            System.out.printf("%-34s cpu %6d ms%n", "custody wait", (mx.getCurrentThreadCpuTime() - k0) / 1_000_000);
        }
    }
}
