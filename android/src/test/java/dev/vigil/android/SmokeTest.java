package dev.vigil.android;

import dev.vigil.core.run.CheckOptions;
import dev.vigil.samples.android.AgeWriter;
import dev.vigil.samples.android.AndroidQfBuilder;
import dev.vigil.samples.android.BugreportBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SmokeTest {
    @Test
    void print(@TempDir Path dir) throws Exception {
        var iocs = TestIocs.android();
        System.out.println("== BUGREPORT\n" + Runs.summary(Runs.run(new BugreportType(), BugreportBuilder.zip(dir.resolve("b.zip")), new CheckOptions(), iocs)));
        System.out.println("== AQF\n" + Runs.summary(Runs.run(new AndroidQfType(), AndroidQfBuilder.zip(dir.resolve("a.zip"), AndroidQfBuilder.Options.full()), new CheckOptions(), iocs)));
        Path age = AndroidQfBuilder.ageZip(dir.resolve("a.zip.age"), AndroidQfBuilder.Options.full());
        System.out.println("== AGE\n" + Runs.summary(Runs.run(new AndroidQfType(), age, new CheckOptions().file("age-identity", AgeWriter.identityFile(dir.resolve("id.txt"))), iocs)).lines().limit(8).toList());
    }
}
