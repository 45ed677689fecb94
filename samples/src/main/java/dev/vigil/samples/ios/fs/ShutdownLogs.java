package dev.vigil.samples.ios.fs;

import java.time.Instant;
import java.util.List;

/**
 * Shutdown logs ({@code /private/var/db/diagnostics/shutdown.log}) in the three forms seen
 * in the wild, as described by Kaspersky's iShutdown research, the reference tool's parser
 * and the iOS 26 reports (rotated {@code shutdown.0.log}, {@code /<UUID>} after each client
 * path). Each shutdown ends with a {@code SIGTERM: [<unix time>]} line.
 */
public final class ShutdownLogs {
    /** A process still running during shutdown. */
    public record Client(int pid, String path) {}

    /** One shutdown: the "these clients are still here" notices (each with its delay and clients), and the SIGTERM time. */
    public record Shutdown(Instant time, List<Notice> notices) {}

    public record Notice(double delaySeconds, List<Client> clients) {}

    private ShutdownLogs() {}

    /** Older form (iOS 14-15 era): bare client lines, no delay notice headers. */
    public static String classic(List<Shutdown> shutdowns) {
        StringBuilder sb = new StringBuilder();
        for (Shutdown s : shutdowns) {
            for (Notice n : s.notices()) {
                for (Client c : n.clients()) sb.append("remaining client pid: ").append(c.pid()).append(" (").append(c.path()).append(")\n");
            }
            sb.append("SIGTERM: [").append(s.time().getEpochSecond()).append("] (Timestamp)\n");
        }
        return sb.toString();
    }

    /** Header plus indented clients (iOS 16-18): each delay notice lists the clients still there. */
    public static String headerIndented(List<Shutdown> shutdowns) {
        return header(shutdowns, false);
    }

    /** iOS 26: the header form, with the binary's UUID appended to each client path. */
    public static String ios26(List<Shutdown> shutdowns) {
        return header(shutdowns, true);
    }

    private static String header(List<Shutdown> shutdowns, boolean uuid) {
        StringBuilder sb = new StringBuilder();
        for (Shutdown s : shutdowns) {
            for (Notice n : s.notices()) {
                sb.append(String.format(java.util.Locale.ROOT, "After %.2fs, these clients are still here:%n", n.delaySeconds()));
                for (Client c : n.clients()) {
                    sb.append("\t\tremaining client pid: ").append(c.pid()).append(" (").append(c.path());
                    if (uuid) sb.append('/').append(uuidFor(c.path()));
                    sb.append(")\n");
                }
            }
            sb.append("SIGTERM: [").append(s.time().getEpochSecond()).append("] All buffers flushed\n");
        }
        return sb.toString();
    }

    /** A stable fake binary UUID for a path. */
    public static String uuidFor(String path) {
        java.util.UUID u = java.util.UUID.nameUUIDFromBytes(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return u.toString().toUpperCase(java.util.Locale.ROOT);
    }
}
