package dev.vigil.ios.sysdiagnose;

import dev.vigil.ios.fs.TextLines;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the iOS shutdown log ({@code /private/var/db/diagnostics/shutdown.log}, copied into
 * sysdiagnoses as {@code system_logs.logarchive/Extra/shutdown.log}; rotated as
 * {@code shutdown.0.log}, {@code shutdown.1.log}... since iOS 26). At each shutdown, launchd
 * waits for processes to exit and logs the ones still running; the shutdown ends with a
 * {@code SIGTERM: [<unix time>]} line. Three forms are seen in the wild:
 * <ol>
 *   <li>classic: bare {@code remaining client pid: 123 (/usr/libexec/foo)} lines;</li>
 *   <li>header plus indented clients: an {@code After 1.23s, these clients are still here:}
 *       delay notice followed by tab-indented {@code remaining client pid} lines, repeated
 *       while the shutdown is delayed;</li>
 *   <li>iOS 26: the same with {@code /<UUID>} appended to each client path
 *       ({@code /usr/sbin/filecoordinationd/0A1B...}), the binary's UUID.</li>
 * </ol>
 * Some logs give the time as {@code SIGTERM: ... @<unix time>} instead of in brackets.
 */
public final class ShutdownLogParser {
    /** Most shutdowns parsed from one file. */
    public static final int MAX_SHUTDOWNS = 100_000;
    /** Most lines read from one file. */
    public static final long MAX_LINES = 20_000_000;

    static final Pattern CLIENT = Pattern.compile("remaining client pid:\\s*(\\d+)\\s*\\((.*)\\)\\s*$");
    static final Pattern DELAY = Pattern.compile("After\\s+([0-9]+(?:\\.[0-9]+)?)s,\\s*these clients are still here");
    static final Pattern SIGTERM_BRACKET = Pattern.compile("SIGTERM:.*?\\[(\\d{9,11})\\]");
    static final Pattern SIGTERM_AT = Pattern.compile("SIGTERM:.*?@(\\d{9,11})");
    static final Pattern UUID_TAIL = Pattern.compile("/([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$");

    /** A client still running during a shutdown: how often it was listed and the longest wait it was seen at. */
    public record Client(long pid, String rawPath, String path, String uuid, int notices, double maxDelay, boolean indented) {}

    /** One shutdown (ended by a SIGTERM line, or by the end of the file when {@code time} is null). */
    public record Shutdown(Instant time, int delayNotices, double maxDelay, List<Client> clients, long line) {}

    public record Result(List<Shutdown> shutdowns, String format, long lines, long cutLines, boolean stopped, int malformed) {}

    private ShutdownLogParser() {}

    public static Result parse(InputStream in) throws IOException {
        List<Shutdown> out = new ArrayList<>();
        State st = new State();
        TextLines.Stats stats = TextLines.read(in, MAX_LINES, (line, n) -> {
            if (out.size() >= MAX_SHUTDOWNS) return;
            Matcher m;
            if (line.contains("these clients are still here")) {
                st.notices++;
                st.sawHeader = true;
                m = DELAY.matcher(line);
                st.currentDelay = m.find() ? parseDouble(m.group(1)) : st.currentDelay;
                st.maxDelay = Math.max(st.maxDelay, st.currentDelay);
                return;
            }
            if (line.contains("remaining client pid")) {
                m = CLIENT.matcher(line);
                if (!m.find()) {
                    st.malformed++;
                    return;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    st.malformed++;
                    return;
                }
                String raw = m.group(2).strip();
                boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
                String key = pid + "\u0000" + raw;
                Client old = st.clients.get(key);
                if (old == null && st.clients.size() >= 10_000) return;
                String path = raw, uuid = null;
                Matcher u = UUID_TAIL.matcher(raw);
                if (u.find()) {
                    uuid = u.group(1).toUpperCase(java.util.Locale.ROOT);
                    path = raw.substring(0, u.start());
                    st.sawUuid = true;
                }
                st.clients.put(key, old == null
                        ? new Client(pid, raw, path, uuid, 1, st.currentDelay, indented)
                        : new Client(pid, raw, path, uuid, old.notices() + 1, Math.max(old.maxDelay(), st.currentDelay), indented || old.indented()));
                if (!indented) st.sawBare = true;
                return;
            }
            if (line.contains("SIGTERM:")) {
                Instant t = null;
                m = SIGTERM_BRACKET.matcher(line);
                if (m.find()) t = Instant.ofEpochSecond(Long.parseLong(m.group(1)));
                else {
                    m = SIGTERM_AT.matcher(line);
                    if (m.find()) t = Instant.ofEpochSecond(Long.parseLong(m.group(1)));
                }
                if (t == null) st.malformed++;
                out.add(st.finish(t, n));
            }
        });
        if (!st.clients.isEmpty() || st.notices > 0) out.add(st.finish(null, stats.lines()));
        String format = st.sawUuid ? "ios26-uuid" : st.sawHeader ? "header-indented" : st.sawBare || !out.isEmpty() ? "classic" : "unknown";
        return new Result(out, format, stats.lines(), stats.cut(), stats.stopped() || out.size() >= MAX_SHUTDOWNS, st.malformed);
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final class State {
        final Map<String, Client> clients = new LinkedHashMap<>();
        int notices;
        double currentDelay;
        double maxDelay;
        boolean sawHeader, sawUuid, sawBare;
        int malformed;

        Shutdown finish(Instant t, long line) {
            Shutdown s = new Shutdown(t, notices, maxDelay, List.copyOf(clients.values()), line);
            clients.clear();
            notices = 0;
            currentDelay = 0;
            maxDelay = 0;
            return s;
        }
    }
}
