package dev.vigil.ios.backup;

import dev.vigil.core.ioc.Indicator;
import dev.vigil.core.ioc.IndicatorType;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.run.Check;
import dev.vigil.core.run.CheckOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs one check-backup in its own JVM (used by {@link NoPlaintextOnDiskTest} with a private java.io.tmpdir). */
public final class NoDiskCheckMain {
    private NoDiskCheckMain() {}

    public static void main(String[] args) throws Exception {
        Path backup = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String pw = args[2];
        CheckOptions opts = new CheckOptions().password(pw::toCharArray).moduleTimeout(Duration.ofMinutes(2));
        Indicators iocs = Indicators.of(new Indicator(IndicatorType.DOMAIN, "free247downloads.com", "Pegasus", "test", null));
        Check.Outcome o = Check.run(new BackupEvidenceType(), List.of(backup), opts, iocs, out, List.of("test"), null);
        System.out.println("modules=" + o.result().modules().size() + " alerts=" + o.result().alerts().size());
    }
}
