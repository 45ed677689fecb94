package dev.vigil.cli;

import dev.vigil.core.model.Alert;
import dev.vigil.core.model.Level;
import dev.vigil.core.model.ModuleResult;
import dev.vigil.core.model.ModuleStatus;
import dev.vigil.core.run.Check;
import picocli.CommandLine.Help.Ansi;

import java.io.PrintStream;
import java.util.Map;

/** The short coloured summary a check prints. */
final class Console {
    private Console() {}

    static void summary(PrintStream out, Check.Outcome o, boolean verbose) {
        Ansi ansi = Ansi.AUTO;
        out.println();
        out.printf("%-34s %-9s %8s %7s%n", "module", "status", "records", "alerts");
        for (ModuleResult m : o.result().modules()) {
            String st = String.format("%-9s", m.status().json().replace('_', ' '));
            String status = switch (m.status()) {
                case OK -> "@|green " + st + "|@";
                case NOT_FOUND -> "@|faint " + st + "|@";
                case ERROR -> "@|red,bold " + st + "|@";
            };
            String al = String.format("%7d", m.alerts().size());
            String alerts = m.alerts().isEmpty() ? al : "@|yellow,bold " + al + "|@";
            out.println(ansi.string(String.format("%-34s ", esc(m.slug())) + status + String.format(" %8d ", m.records().size()) + alerts));
            if (m.status() == ModuleStatus.ERROR) out.println(ansi.string("    @|red " + esc(m.error()) + "|@"));
            if (verbose) {
                if (m.status() == ModuleStatus.NOT_FOUND && m.error() != null) out.println("    " + m.error());
                for (String w : m.warnings()) out.println(ansi.string("    @|yellow warning:|@ " + esc(w)));
            }
        }
        out.println();
        for (Alert a : o.result().alerts()) {
            if (!verbose && !(a.level().isSerious() || a.level() == Level.MEDIUM)) continue;
            out.println(ansi.string(levelTag(a.level()) + " " + esc(a.module()) + ": " + esc(a.message())));
        }
        Map<String, Integer> byLevel = o.info().alertsByLevel();
        out.println(ansi.string(String.format("Alerts: @|red,bold %d critical|@, @|red %d high|@, @|yellow %d medium|@, %d low, %d info",
                byLevel.get("CRITICAL"), byLevel.get("HIGH"), byLevel.get("MEDIUM"), byLevel.get("LOW"), byLevel.get("INFO"))));
        int indicators = o.info().iocSources().stream().mapToInt(s -> s.count()).sum();
        out.println("Indicators: " + indicators + " from " + o.info().iocSources().size() + " sources");
        out.println("Results: " + o.dir().toAbsolutePath());
    }

    static String levelTag(Level l) {
        return switch (l) {
            case CRITICAL -> "@|red,bold,reverse CRITICAL|@";
            case HIGH -> "@|red,bold HIGH|@";
            case MEDIUM -> "@|yellow MEDIUM|@";
            case LOW -> "@|cyan LOW|@";
            case INFO -> "@|faint INFO|@";
        };
    }

    /** Escapes evidence text so it cannot inject picocli markup or terminal escapes. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || (c >= 0x80 && c < 0xa0)) b.append('?');
            else if (c == '@' && i + 1 < s.length() && s.charAt(i + 1) == '|') b.append("@@");
            else b.append(c);
        }
        return b.toString();
    }

}
