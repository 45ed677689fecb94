package dev.vigil.server;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.report.ResultWriter;
import dev.vigil.core.report.html.HtmlReport;
import dev.vigil.core.run.Check;
import dev.vigil.server.store.CaseStore;
import dev.vigil.server.store.JdbcCaseStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Retro-hunt: when the indicators change (after {@code vigil iocs update}, or from the web
 * app), every stored case is re-checked against the new set from its stored records
 * ({@link Check#recheck}), without reading the evidence again. Each re-check is written as a
 * new result folder (with its report), its alerts are stored, and alerts the case had not seen
 * before are marked new, so the case shows up as having new alerts.
 */
public final class RetroHunt {
    private final JdbcCaseStore store;

    public RetroHunt(JdbcCaseStore store) {
        this.store = store;
    }

    public record Progress(String caseId, int index, int total) {}

    /** What a retro-hunt did. */
    public record Summary(int runs, int cases, List<String> casesWithNewAlerts, int newAlerts, List<String> failures, long millis) {
        public String text() {
            return "re-checked " + runs + " results of " + cases + " cases in " + millis + " ms: " + newAlerts + " new alerts in "
                    + casesWithNewAlerts.size() + " cases" + (failures.isEmpty() ? "" : "; " + failures.size() + " could not be re-checked");
        }
    }

    public Summary run(Indicators indicators, Consumer<Progress> progress) {
        long t0 = System.nanoTime();
        List<CaseStore.Run> latest = store.latestDoneRuns();
        Set<String> cases = new LinkedHashSet<>();
        Set<String> withNew = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        int fresh = 0;
        int i = 0;
        for (CaseStore.Run old : latest) {
            i++;
            cases.add(old.caseId());
            CaseStore.Case c = store.caseById(old.caseId()).orElse(null);
            if (c == null) continue;
            CaseStore.Run run = store.startRun(c.id(), old.evidenceId(), "retro-hunt", old.evidenceType(),
                    id -> Path.of(c.folder()).resolve("results").resolve(id).toString());
            try {
                Check.Outcome o = Check.recheck(Path.of(old.resultsDir()), indicators, List.of("vigil", "retro-hunt", old.id()));
                Path dir = Path.of(run.resultsDir());
                ResultWriter.write(dir, o.result(), o.info());
                for (Check.ResultHook h : Check.hooks()) h.written(dir, o.result(), o.info());
                int n = store.finishRun(run.id(), o.result().alerts(), HtmlReport.verdict(o.result().alerts()).name(), true);
                if (n > 0) withNew.add(c.id());
                fresh += n;
            } catch (IOException | RuntimeException e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                store.failRun(run.id(), msg);
                failures.add(old.resultsDir() + ": " + msg);
            }
            if (progress != null) progress.accept(new Progress(c.id(), i, latest.size()));
        }
        return new Summary(latest.size(), cases.size(), List.copyOf(withNew), fresh, failures, (System.nanoTime() - t0) / 1_000_000);
    }
}
