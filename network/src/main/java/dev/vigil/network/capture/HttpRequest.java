package dev.vigil.network.capture;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The head of an HTTP/1.x request (RFC 9112): request line, Host, User-Agent and how its
 * body is framed, so that the next request on a kept-alive connection can be found.
 *
 * @param headLength   bytes of request line and headers, with the blank line
 * @param bodyLength   Content-Length, 0 when none, -1 when the body cannot be skipped (chunked)
 */
public record HttpRequest(String method, String target, String host, String userAgent, int headLength, long bodyLength) {
    static final int MAX_HEAD = 16 * 1024;
    private static final String[] METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "PATCH", "TRACE"};

    /** True when the bytes start like an HTTP request line ("GET ", "POST ", ...). */
    public static boolean looksLikeRequest(byte[] b, int off, int len) {
        for (String m : METHODS) {
            if (len > m.length() && b[off + m.length()] == ' ') {
                boolean ok = true;
                for (int i = 0; i < m.length() && ok; i++) ok = b[off + i] == m.charAt(i);
                if (ok) return true;
            }
        }
        return false;
    }

    /** Index just past the blank line ending the head, or -1 when it is not there yet. */
    static int headEnd(byte[] b, int off, int len) {
        for (int i = off; i + 3 < off + len; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i + 4 - off;
        }
        return -1;
    }

    /** Parses a complete head (as found by {@link #headEnd}); null when malformed. */
    static HttpRequest parse(byte[] b, int off, int headLen) {
        String head = new String(b, off, headLen, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        if (lines.length == 0) return null;
        String[] rl = lines[0].split(" ");
        if (rl.length != 3 || !rl[2].startsWith("HTTP/")) return null;
        String host = null, ua = null;
        long body = 0;
        for (int i = 1; i < lines.length && i < 200; i++) {
            String l = lines[i];
            int c = l.indexOf(':');
            if (c <= 0) continue;
            String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(c + 1).trim();
            switch (name) {
                case "host" -> host = value;
                case "user-agent" -> ua = value;
                case "content-length" -> {
                    try {
                        body = Long.parseLong(value);
                        if (body < 0) body = -1;
                    } catch (NumberFormatException e) {
                        body = -1;
                    }
                }
                case "transfer-encoding" -> body = -1;
                default -> { }
            }
        }
        return new HttpRequest(rl[0], rl[1], host, ua, headLen, body);
    }

    /** The absolute URL of the request as sent to {@code serverIp:port}. */
    String url(String serverIp, int port) {
        if (target.startsWith("http://") || target.startsWith("https://")) return target;
        if ("CONNECT".equals(method)) return target;
        String h = host != null && !host.isEmpty() ? host : serverIp.indexOf(':') >= 0 ? "[" + serverIp + "]" : serverIp;
        boolean hasPort = h.lastIndexOf(':') > h.lastIndexOf(']');
        return "http://" + h + (port != 80 && !hasPort ? ":" + port : "") + (target.startsWith("/") ? target : "/" + target);
    }
}
