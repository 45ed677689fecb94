package dev.vigil.ios.backup;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;
import dev.vigil.samples.ios.DemoPhone;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.backup.BackupWriter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Benchmark driver for ios/bench/backup-bench.sh (not a unit test):
 * {@code gen DIR ROWS DPIC ITER} writes DIR/plain and DIR/encrypted (password "bench") and
 * DIR/key.txt; {@code check BACKUP OUT [password|key:FILE]} runs one check-backup in this JVM.
 */
public final class BackupBench {
    private BackupBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "gen" -> gen(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "check" -> check(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? args[3] : null);
            default -> throw new IllegalArgumentException("gen|check");
        }
    }

    static void gen(Path dir, int rows, int dpic, int iter) throws Exception {
        IosFiles fs = DemoPhone.build();
        Instant t = Instant.parse("2023-01-01T00:00:00Z");
        // Files spread over folders and domains like a real phone's caches and app data.
        for (int i = 0; fs.entries().size() < rows; i++) {
            String base = switch (i % 4) {
                case 0 -> "private/var/mobile/Library/Caches/com.apple.bench/" + (i / 1000) + "/";
                case 1 -> "private/var/mobile/Containers/Data/Application/com.example.app" + (i % 50) + "/Library/Caches/" + (i / 2000) + "/";
                case 2 -> "private/var/mobile/Containers/Shared/AppGroup/group.com.example" + (i % 20) + "/cache_" + (i / 3000) + "/";
                default -> "private/var/mobile/Media/PhotoData/Thumbnails/V2/" + (i / 500) + "/";
            };
            fs.put(base + "file-" + i + ".dat", ("content of bench file " + i).getBytes(StandardCharsets.UTF_8), t.plusSeconds(i));
        }
        long t0 = System.nanoTime();
        BackupWriter.of(fs).write(dir.resolve("plain"));
        long t1 = System.nanoTime();
        BackupWriter.of(fs).encrypted("bench", dpic, iter).write(dir.resolve("encrypted"));
        long t2 = System.nanoTime();
        byte[] key = BackupSource.extractKey(dir.resolve("encrypted"), "bench".toCharArray());
        long t3 = System.nanoTime();
        Files.writeString(dir.resolve("key.txt"), HexFormat.of().formatHex(key) + "\n");
        System.out.printf("generated %d phone files: plain %.1f s, encrypted %.1f s; key derivation (DPIC %d, ITER %d) %.2f s%n",
                fs.entries().size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, dpic, iter, (t3 - t2) / 1e9);
    }

    static void check(Path backup, Path out, String secret) throws Exception {
        CheckOptions opts = new CheckOptions().moduleTimeout(Duration.ofMinutes(5));
        if (secret != null && secret.startsWith("key:")) opts.file(BackupEvidenceType.KEY_FILE, Path.of(secret.substring(4)));
        else if (secret != null) opts.password(secret::toCharArray);
        // Synthetic indicator set of realistic size (the bundled loaders are not on this branch).
        List<Indicator> list = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) list.add(new Indicator(IndicatorType.DOMAIN, "bench-ioc-" + i + ".example", "Bench", "bench", null));
        for (int i = 0; i < 2_000; i++) list.add(new Indicator(IndicatorType.PROCESS, "benchproc" + i, "Bench", "bench", null));
        for (int i = 0; i < 500; i++) list.add(new Indicator(IndicatorType.FILE_PATH, "/private/var/bench/" + i, "Bench", "bench", null));
        list.add(new Indicator(IndicatorType.PROFILE_ID, "76DAB334-7E17-475D-A5D6-0794EB5818A5", "Predator", "bench", null));
        Indicators iocs = Indicators.of(list.toArray(new Indicator[0]));
        long t0 = System.nanoTime();
        Check.Outcome o = Check.run(new BackupEvidenceType(), List.of(backup), opts, iocs, out, List.of("bench"), null);
        long t1 = System.nanoTime();
        StringBuilder sb = new StringBuilder();
        for (ModuleResult m : o.result().modules()) sb.append(m.slug()).append('=').append(m.records().size()).append(' ');
        System.out.printf("check %.2f s (in JVM); alerts %d; %s%n", (t1 - t0) / 1e9, o.result().alerts().size(), sb);
    }
}
