package dev.vigil.server.web;

import com.sun.net.httpserver.HttpExchange;
import dev.vigil.server.store.CaseStore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request as the handlers see it: method, path, parameters, session, user. */
final class Req {
    static final int MAX_FORM = 1 << 20;
    final HttpExchange ex;
    final String method;
    final String path;
    final Map<String, String> query;
    Map<String, String> form;
    Sessions.Session session;
    CaseStore.User user;
    List<String> params = List.of();
    String nonce;

    Req(HttpExchange ex) {
        this.ex = ex;
        this.method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        this.path = ex.getRequestURI().getPath();
        this.query = parse(ex.getRequestURI().getRawQuery());
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String kv : raw.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            String v = eq < 0 ? "" : kv.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed parameters");
            }
        }
        return out;
    }

    /** The url-encoded form body (read once, at most 1 MiB). */
    Map<String, String> form() throws IOException {
        if (form == null) {
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            if (ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                try (InputStream in = ex.getRequestBody()) {
                    byte[] b = in.readNBytes(MAX_FORM + 1);
                    if (b.length > MAX_FORM) throw new HttpError(413, "form too large");
                    form = parse(new String(b, StandardCharsets.US_ASCII));
                }
            } else {
                form = Map.of();
            }
        }
        return form;
    }

    /** A form field, else a query parameter, else null. */
    String param(String name) throws IOException {
        String v = form().get(name);
        return v != null ? v : query.get(name);
    }

    String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    String param(int i) {
        return params.get(i);
    }
}
