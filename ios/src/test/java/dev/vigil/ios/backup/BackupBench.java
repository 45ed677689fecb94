package dev.vigil.ios.backup;

import dev.vigil.samples.ios.DemoPhone;
import dev.vigil.samples.ios.IosFiles;
import dev.vigil.samples.ios.artifacts.SafariHistoryDb;
import dev.vigil.samples.ios.artifacts.SmsDb;
import dev.vigil.samples.ios.system.DataUsageBuilder;
import dev.vigil.samples.ios.backup.BackupWriter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Benchmark driver for ios/bench/backup-bench.sh (not a unit test):
 * {@code gen DIR ROWS DPIC ITER} writes DIR/plain and DIR/encrypted (password "bench") and
 * DIR/key.txt. The script times the real {@code ./vigil check-backup} on them.
 */
public final class BackupBench {
    private BackupBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "gen" -> gen(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("gen DIR ROWS DPIC ITER");
        }
    }

    /** Messages, Safari visits and datausage processes of the large backup. */
    static final int SMS = 100_000, VISITS = 100_000, PROCESSES = 6_000;

    static void gen(Path dir, int rows, int dpic, int iter) throws Exception {
        IosFiles fs = DemoPhone.build();
        Instant t = Instant.parse("2023-01-01T00:00:00Z");
        // The demo's databases again, each with bulk rows added: 100,000 messages (a third with a
        // link), 100,000 Safari visits over 25,000 pages, 6,000 datausage processes with a usage row each.
        SmsDb.plantDemo(fs, db -> {
            db.begin();
            long[] handles = new long[200];
            for (int h = 0; h < handles.length; h++) handles[h] = db.handle(String.format("+4179%07d", 1_000_000 + h), h % 3 == 0 ? "SMS" : "iMessage");
            for (int i = 0; i < SMS; i++) {
                String text = i % 3 == 0
                        ? "Have a look: https://news" + (i % 997) + ".example.org/story/" + i + "?ref=share and tell me"
                        : "Ordinary message number " + i + ", see you at " + (i % 24) + ":00";
                db.message(handles[i % handles.length], i % 2 == 0, t.plusSeconds(37L * i), text, i % 10 == 9, i % 3 == 0 ? "SMS" : "iMessage");
            }
            db.commit();
        });
        SafariHistoryDb.plantDemo(fs, db -> {
            db.begin();
            for (int i = 0; i < VISITS; i++) {
                db.visit("https://site" + (i % 2_500) + ".example.com/page/" + (i % 25_000 / 2_500), t.plusSeconds(41L * i), "Page " + (i % 25_000));
            }
            db.commit();
        });
        DataUsageBuilder du = DataUsageBuilder.demoDataUsageBuilder();
        for (int p = 0; p < PROCESSES; p++) {
            long pk = 100 + p;
            du.process(pk, "benchproc" + p, p % 2 == 0 ? "com.example.bench" + p : null, t.plusSeconds(600L * p), t.plusSeconds(600L * p + 300));
            du.usage(100 + p, pk, t.plusSeconds(600L * p + 300), 1000L * p, 500L * p, 0, 0);
        }
        fs.put(DataUsageBuilder.DATAUSAGE_PATH, du.build());
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
}
