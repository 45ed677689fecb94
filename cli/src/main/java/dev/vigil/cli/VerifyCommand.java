package dev.vigil.cli;

import dev.vigil.core.evidence.Custody;
import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.report.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil verify RESULTS_DIR EVIDENCE}: re-hashes the inputs recorded in run.json and
 * reports any difference, so anyone can show the evidence is what was checked.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-hash the evidence files recorded in RESULTS_DIR/run.json and report any difference (exit 1 when one differs).")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS_DIR")
    Path dir;

    @Parameters(index = "1", paramLabel = "EVIDENCE", description = "The evidence as given to the check (file or folder).")
    Path evidence;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(dir.resolve(ResultWriter.RUN))) throw new Errors.UserError(dir + " has no run.json", Errors.USAGE);
        if (!Files.exists(evidence)) throw new Errors.UserError("no such file or folder: " + evidence, Errors.USAGE);
        RunInfo info = ResultWriter.readRunInfo(dir);
        int bad = 0, ok = 0, inside = 0;
        Custody fresh = new Custody();
        // A file evidence (zip, tar, .ab) is recorded under its own name; entries read inside it
        // (e.g. a bugreport.zip nested in an AndroidQF zip) are covered by that container's hash.
        String container = Files.isRegularFile(evidence) && evidence.getFileName() != null ? evidence.getFileName().toString() : null;
        boolean containerRecorded = container != null && info.inputs().stream().anyMatch(e -> e.path().equals(container));
        for (Custody.Entry e : info.inputs()) {
            if (containerRecorded && !e.path().equals(container)) {
                inside++;
                continue;
            }
            Path p = Files.isDirectory(evidence) ? evidence.resolve(e.path()).normalize() : evidence;
            if (Files.isDirectory(evidence) && !p.startsWith(evidence.normalize())) {
                System.out.println("SKIPPED  " + e.path() + " (path leaves the evidence folder)");
                bad++;
                continue;
            }
            if (!Files.isRegularFile(p)) {
                System.out.println("MISSING  " + e.path());
                bad++;
                continue;
            }
            Custody.Entry now = fresh.hashFile(p, e.path());
            if (now.sha256().equals(e.sha256()) && now.size() == e.size()) {
                ok++;
            } else {
                System.out.println("CHANGED  " + e.path() + " (was " + e.sha256() + ", now " + now.sha256() + ")");
                bad++;
            }
        }
        System.out.println(ok + " unchanged, " + bad + " different or missing, of " + info.inputs().size() + " inputs recorded."
                + (inside > 0 ? " " + inside + " read inside " + container + " (covered by its hash)." : ""));
        return bad == 0 ? 0 : 1;
    }
}
