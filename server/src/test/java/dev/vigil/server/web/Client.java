package dev.vigil.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A tiny test browser: keeps the session cookie, reads the CSRF token from pages, never follows redirects. */
final class Client {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    final String base;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String cookie;
    String csrf;

    Client(String base) {
        this.base = base;
    }

    /** Presents the token like the first visit from the printed URL. */
    HttpResponse<String> enter(URI tokenUrl) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(tokenUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
        take(r);
        return r;
    }

    void take(HttpResponse<?> r) {
        r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.split(";", 2)[0]);
        if (r.body() instanceof String s) {
            Matcher m = CSRF.matcher(s);
            if (m.find()) csrf = m.group(1);
        }
    }

    HttpRequest.Builder req(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) b.header("Cookie", cookie);
        return b;
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = http.send(req(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        take(r);
        return r;
    }

    HttpResponse<byte[]> bytes(String path) throws Exception {
        return http.send(req(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** A form post with the page's CSRF token added. */
    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        if (csrf != null) all.putIfAbsent("csrf", csrf);
        return postRaw(path, form(all), Map.of());
    }

    HttpResponse<String> postRaw(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = req(path).header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        take(r);
        return r;
    }

    HttpResponse<String> upload(String path, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(req(path).header("Content-Type", "application/octet-stream").header("X-CSRF-Token", csrf).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A raw request with any Host header (HttpClient will not send a foreign one). Returns the status line. */
    static String raw(int port, String host, String cookie) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\n" + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return all.substring(0, all.indexOf("\r\n"));
        }
    }
}
