package dev.vigil.server.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.ioc.Indicators;
import dev.vigil.core.report.html.HtmlReport;
import dev.vigil.core.report.html.Messages;
import dev.vigil.core.run.EvidenceType;
import dev.vigil.core.run.EvidenceTypes;
import dev.vigil.core.util.Json;
import dev.vigil.server.CaseService;
import dev.vigil.server.RetroHunt;
import dev.vigil.server.store.CaseStore;
import dev.vigil.server.store.JdbcCaseStore;
import dev.vigil.server.store.PasswordHasher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.vigil.core.report.html.Html.esc;

/**
 * {@code vigil serve}: the local web app for helplines, on 127.0.0.1 only.
 *
 * <p>Built on the JDK's own HTTP server ({@code com.sun.net.httpserver}) rather than a
 * framework: it needs no dependency, hands request bodies over as plain streams (uploads of any
 * size go straight to disk with a fixed buffer), runs each request on a virtual thread, and
 * keeps the attack surface of a tool that holds victims' data small.
 *
 * <p>Access: {@link #url()} carries a random 256-bit token; the first request with it gets an
 * HttpOnly, SameSite=Strict session cookie and is redirected to drop the token from the
 * address bar. Without that cookie nothing is served. Every request must name this server in
 * its Host header (127.0.0.1 or localhost with the port: DNS rebinding gets nothing), and every
 * state-changing request must carry the session's CSRF token (form field or X-CSRF-Token
 * header) and, when the browser sends one, a same-origin Origin. With accounts in the store
 * (team mode) a login is required as well, and a user sees only the cases they may see.
 */
public final class VigilServer implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{24,40}");

    /** How to run: port (0 = any free one), where cases live, the store, where indicators come from. */
    public record Config(int port, Path dataDir, JdbcCaseStore store, Supplier<Indicators> indicators) {}

    private final HttpServer http;
    private final CaseService service;
    private final JdbcCaseStore store;
    private final Sessions sessions = new Sessions();
    private final String token = Sessions.random();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Route> routes = new ArrayList<>();
    private final int port;

    private record Route(String method, Pattern path, Handler handler) {}

    @FunctionalInterface
    private interface Handler {
        void handle(Req r) throws Exception;
    }

    private VigilServer(Config config) throws IOException {
        this.store = config.store();
        this.service = new CaseService(config.store(), config.dataDir(), config.indicators());
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 64);
        this.port = http.getAddress().getPort();
        http.setExecutor(executor);
        http.createContext("/", this::dispatch);
        routes();
    }

    /** Starts the server on 127.0.0.1. */
    public static VigilServer start(Config config) throws IOException {
        Files.createDirectories(config.dataDir());
        VigilServer s = new VigilServer(config);
        s.http.start();
        return s;
    }

    public int port() {
        return port;
    }

    /** The address to open, with the access token. */
    public URI url() {
        return URI.create(base() + "/?token=" + token);
    }

    /** The address without the token (what the browser shows after the first visit). */
    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public CaseService service() {
        return service;
    }

    @Override
    public void close() {
        http.stop(0);
        service.close();
        executor.shutdownNow();
    }

    private String cookieName() {
        return "vigil_session_" + port;
    }

    // ------------------------------------------------------------------ dispatch and security

    private void dispatch(HttpExchange ex) {
        try (ex) {
            handle(ex);
        }
    }

    private void handle(HttpExchange ex) {
        Req r = null;
        try {
            r = new Req(ex);
            r.nonce = Sessions.random();
            var h = ex.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "same-origin"); // not no-referrer: with it, browsers send "Origin: null" on form posts
            h.set("Cache-Control", "no-store");
            h.set("X-Frame-Options", "DENY");
            h.set("Cross-Origin-Opener-Policy", "same-origin");
            h.set("Cross-Origin-Resource-Policy", "same-origin");
            h.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-" + r.nonce
                    + "'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
            if (!hostAllowed(r.header("Host"))) throw new HttpError(421, "This server answers only to 127.0.0.1:" + port + " or localhost:" + port + ".");
            String presented = r.query.get("token");
            if (presented != null) {
                if (!Sessions.same(presented, token)) throw new HttpError(403, "Wrong access token.");
                Sessions.Session s = sessions.create();
                setCookie(ex, s);
                redirect(ex, r.path.startsWith("/") ? r.path : "/");
                return;
            }
            r.session = sessions.get(cookie(ex, cookieName()));
            if (r.session == null) {
                throw new HttpError(403, "Open the address printed by 'vigil serve' (it carries the access token).");
            }
            boolean changes = !r.method.equals("GET") && !r.method.equals("HEAD");
            if (changes) checkOriginAndCsrf(r);
            boolean team = store.hasUsers();
            if (team && r.session.userId != null) r.user = store.user(r.session.userId).orElse(null);
            if (team && r.user == null && !r.path.equals("/login")) {
                if (changes) throw new HttpError(403, "Log in first.");
                redirect(ex, "/login");
                return;
            }
            route(r);
        } catch (HttpError e) {
            send(ex, r, e.status, e.getMessage());
        } catch (IOException e) {
            // the client went away (or the disk failed mid-request): answer if still possible
            send(ex, r, 500, e.getMessage() == null ? "input/output error" : e.getMessage());
        } catch (Exception e) {
            send(ex, r, 500, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private boolean hostAllowed(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port) || h.equals("[::1]:" + port);
    }

    private boolean originAllowed(String origin) {
        if (origin == null) return true;
        String o = origin.toLowerCase(Locale.ROOT);
        return o.equals("http://127.0.0.1:" + port) || o.equals("http://localhost:" + port) || o.equals("http://[::1]:" + port);
    }

    private void checkOriginAndCsrf(Req r) throws IOException {
        String origin = r.header("Origin");
        if (origin != null && !originAllowed(origin)) throw new HttpError(403, "Cross-site request refused.");
        if (origin == null) {
            String referer = r.header("Referer");
            if (referer != null && !originAllowed(originOf(referer))) throw new HttpError(403, "Cross-site request refused.");
        }
        String site = r.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) throw new HttpError(403, "Cross-site request refused.");
        String csrf = r.header("X-CSRF-Token");
        if (csrf == null) csrf = r.form().get("csrf");
        if (!Sessions.same(csrf, r.session.csrf)) throw new HttpError(403, "Missing or wrong CSRF token: reload the page and try again.");
    }

    private static String originOf(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "invalid";
        }
    }

    private void setCookie(HttpExchange ex, Sessions.Session s) {
        ex.getResponseHeaders().add("Set-Cookie", cookieName() + "=" + s.id + "; HttpOnly; SameSite=Strict; Path=/");
    }

    private static String cookie(HttpExchange ex, String name) {
        List<String> all = ex.getRequestHeaders().get("Cookie");
        if (all == null) return null;
        for (String line : all) {
            for (String part : line.split(";")) {
                String p = part.strip();
                if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    private void route(Req r) throws Exception {
        boolean pathMatched = false;
        for (Route route : routes) {
            Matcher m = route.path().matcher(r.path);
            if (!m.matches()) continue;
            pathMatched = true;
            if (!route.method().equals(r.method) && !(route.method().equals("GET") && r.method.equals("HEAD"))) continue;
            List<String> params = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) params.add(m.group(i));
            r.params = params;
            route.handler().handle(r);
            return;
        }
        throw new HttpError(pathMatched ? 405 : 404, pathMatched ? "Method not allowed." : "Not found.");
    }

    private void on(String method, String regex, Handler h) {
        routes.add(new Route(method, Pattern.compile(regex), h));
    }

    // ------------------------------------------------------------------ responses

    private static void redirect(HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().set("Location", to);
        ex.sendResponseHeaders(303, -1);
    }

    private static void html(HttpExchange ex, int status, String html) throws IOException {
        byte[] b = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static void json(HttpExchange ex, Object value) throws IOException {
        byte[] b = Json.MAPPER.writeValueAsBytes(value);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private void send(HttpExchange ex, Req r, int status, String message) {
        try {
            if (r != null && r.session != null) {
                html(ex, status, Pages.page("Error", r, userLine(r), "<h1>" + status + "</h1><p class=\"error\">" + esc(message)
                        + "</p><p><a href=\"/\">Back to the cases</a></p>", null));
            } else {
                byte[] b = (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                ex.sendResponseHeaders(status, b.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(b);
                }
            }
        } catch (IOException | RuntimeException e) {
            // headers already sent or client gone: nothing more to say
        }
    }

    private String userLine(Req r) {
        if (r.user != null) return r.user.name() + " (" + r.user.role().name().toLowerCase(Locale.ROOT) + ")";
        return store.hasUsers() ? "" : "local mode";
    }

    private void page(Req r, String title, String body, String script) throws IOException {
        html(r.ex, 200, Pages.page(title, r, userLine(r), body, script));
    }

    // ------------------------------------------------------------------ access helpers

    private static String id(String s) {
        if (s == null || !ID.matcher(s).matches()) throw new HttpError(404, "Not found.");
        return s;
    }

    private CaseStore.Case caseFor(Req r, String caseId) {
        id(caseId);
        if (!store.mayAccess(r.user, caseId)) throw new HttpError(404, "Not found.");
        return store.caseById(caseId).orElseThrow(() -> new HttpError(404, "Not found."));
    }

    private CaseStore.Run runFor(Req r, String runId) {
        CaseStore.Run run = store.run(id(runId)).orElseThrow(() -> new HttpError(404, "Not found."));
        caseFor(r, run.caseId());
        return run;
    }

    private boolean admin(Req r) {
        return r.user == null ? !store.hasUsers() : r.user.role() == CaseStore.Role.ADMIN;
    }

    // ------------------------------------------------------------------ routes

    private void routes() {
        on("GET", "/", this::index);
        on("POST", "/cases", this::createCase);
        on("GET", "/cases/([^/]+)", this::casePage);
        on("POST", "/cases/([^/]+)/upload", this::upload);
        on("POST", "/cases/([^/]+)/check", this::check);
        on("POST", "/cases/([^/]+)/path", this::localPath);
        on("POST", "/cases/([^/]+)/seen", this::seen);
        on("POST", "/cases/([^/]+)/access", this::grant);
        on("GET", "/jobs/([^/]+)", this::job);
        on("GET", "/runs/([^/]+)/report", this::report);
        on("GET", "/runs/([^/]+)/report.html", this::reportDownload);
        on("GET", "/runs/([^/]+)/results.zip", this::zip);
        on("POST", "/retro-hunt", this::retroHunt);
        on("GET", "/login", this::loginPage);
        on("POST", "/login", this::login);
        on("POST", "/logout", this::logout);
        on("GET", "/users", this::usersPage);
        on("POST", "/users", this::createUser);
    }

    private void index(Req r) throws IOException {
        StringBuilder b = new StringBuilder("<h1>Cases</h1>\n");
        List<CaseStore.Case> cases = store.casesVisibleTo(r.user);
        if (cases.isEmpty()) b.append("<p>No case yet.</p>\n");
        else {
            b.append("<table id=\"cases\"><thead><tr><th>Case</th><th>Created</th><th>Evidence</th><th>Latest verdict</th><th>New alerts</th></tr></thead><tbody>\n");
            for (CaseStore.Case c : cases) {
                b.append("<tr><td><a href=\"/cases/").append(c.id()).append("\">").append(esc(c.title())).append("</a></td><td>")
                        .append(esc(c.created())).append("</td><td>").append(store.evidenceOf(c.id()).size()).append("</td>");
                String verdict = store.runsOf(c.id()).stream().filter(x -> "done".equals(x.status())).map(CaseStore.Run::verdict)
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                b.append("<td class=\"").append(esc(verdict == null ? "" : verdict)).append("\">").append(esc(verdictText(verdict))).append("</td><td>")
                        .append(c.newAlerts() > 0 ? Pages.badge("new", c.newAlerts() + " new") : "").append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        b.append("<form method=\"post\" action=\"/cases\"><fieldset><legend>New case</legend>").append(Pages.csrf(r))
                .append("<label>Title <input type=\"text\" name=\"title\" id=\"case-title\" required maxlength=\"500\"></label>")
                .append("<button type=\"submit\" id=\"create-case\">Create case</button></fieldset></form>\n");
        if (admin(r)) {
            b.append("<form method=\"post\" action=\"/retro-hunt\"><fieldset><legend>Indicators</legend>").append(Pages.csrf(r));
            try {
                Indicators iocs = service.indicators();
                b.append("<p>").append(iocs.sources().size()).append(" indicator sets loaded.</p>");
            } catch (RuntimeException e) {
                b.append("<p class=\"error\">Indicators could not be loaded: ").append(esc(e.getMessage())).append("</p>");
            }
            b.append("<p class=\"muted\">Reload the indicator sets (after <code>vigil iocs update</code>) and re-check every stored case from its "
                    + "stored records, without reading the evidence again. Cases with new alerts are marked.</p>")
                    .append("<button type=\"submit\" id=\"retro-hunt\">Update indicators and re-check all cases</button></fieldset></form>\n");
            service.lastRetroHunt().ifPresent(s -> b.append("<p class=\"note\" id=\"retro-summary\">Last retro-hunt: ").append(esc(s.text())).append("</p>\n"));
        }
        jobs(b, null);
        page(r, "Cases", b.toString(), Pages.JOBS_SCRIPT);
    }

    private void jobs(StringBuilder b, String caseId) {
        // checks of this case, or (caseId null) retro-hunts; only those still running are followed
        for (CaseService.Job j : service.jobsOf(caseId)) {
            if (!"running".equals(j.status)) continue;
            b.append("<div class=\"job\" data-job=\"").append(j.id).append("\"><strong>").append(esc(j.kind)).append("</strong> ")
                    .append("<progress max=\"").append(Math.max(1, j.total)).append("\" value=\"").append(j.done.size()).append("\"></progress> ")
                    .append("<span class=\"job-text\">").append(esc(j.status)).append(j.message.isEmpty() ? "" : " \u2014 " + esc(j.message))
                    .append("</span></div>\n");
        }
    }

    private void createCase(Req r) throws IOException {
        CaseStore.Case c = service.createCase(r.param("title"), r.user);
        redirect(r.ex, "/cases/" + c.id());
    }

    private void casePage(Req r) throws IOException {
        CaseStore.Case c = caseFor(r, r.param(0));
        StringBuilder b = new StringBuilder();
        b.append("<h1 id=\"case-title\">").append(esc(c.title())).append("</h1>\n<p class=\"muted\">Created ").append(esc(c.created())).append("</p>\n");
        if (c.newAlerts() > 0) {
            b.append("<form method=\"post\" action=\"/cases/").append(c.id()).append("/seen\" class=\"note\">").append(Pages.csrf(r))
                    .append(Pages.badge("new", c.newAlerts() + " new alerts"))
                    .append(" found by re-checking with new indicators. <button type=\"submit\">Mark as seen</button></form>\n");
        }
        jobs(b, c.id());
        // alerts
        List<CaseStore.StoredAlert> alerts = store.alertsOf(c.id());
        b.append("<h2>Alerts (").append(alerts.size()).append(")</h2>\n");
        if (alerts.isEmpty()) b.append("<p>No alerts in the latest results.</p>\n");
        else {
            b.append("<table id=\"alerts\"><thead><tr><th>Level</th><th>Module</th><th>What</th><th>Time</th><th>Indicator</th><th>Collection</th><th>Report</th></tr></thead><tbody>\n");
            for (CaseStore.StoredAlert a : alerts) {
                b.append("<tr class=\"alert\"><td>").append(Pages.badge(a.level(), a.level())).append(a.isNew() ? " " + Pages.badge("new", "new") : "")
                        .append("</td><td>").append(esc(a.module())).append("</td><td>").append(esc(a.message())).append("</td><td>")
                        .append(esc(a.eventTime())).append("</td><td>").append(a.iocValue() == null ? "" : "<code>" + esc(a.iocType()) + "</code> " + esc(a.iocValue()))
                        .append("</td><td>").append(esc(a.collection())).append("</td><td><a href=\"/runs/").append(a.runId()).append("/report\">view</a></td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        // runs
        List<CaseStore.Evidence> evidence = store.evidenceOf(c.id());
        Map<String, String> names = new java.util.HashMap<>();
        for (CaseStore.Evidence e : evidence) names.put(e.id(), e.name());
        List<CaseStore.Run> runs = store.runsOf(c.id());
        b.append("<h2>Results</h2>\n");
        if (runs.isEmpty()) b.append("<p>No check yet: add evidence below.</p>\n");
        else {
            b.append("<table id=\"runs\"><thead><tr><th>Evidence</th><th>Type</th><th>Kind</th><th>Started</th><th>Status</th><th>Verdict</th><th>Alerts</th><th></th></tr></thead><tbody>\n");
            for (CaseStore.Run run : runs) {
                b.append("<tr><td>").append(esc(names.getOrDefault(run.evidenceId(), "?"))).append("</td><td>").append(esc(run.evidenceType()))
                        .append("</td><td>").append(esc(run.kind())).append("</td><td>").append(esc(run.started())).append("</td><td>")
                        .append(esc(run.status())).append(run.error() == null ? "" : "<div class=\"error\">" + esc(run.error()) + "</div>")
                        .append("</td><td class=\"").append(esc(run.verdict() == null ? "" : run.verdict())).append("\">").append(esc(verdictText(run.verdict())))
                        .append("</td><td>").append(run.alerts()).append(run.newAlerts() > 0 ? " " + Pages.badge("new", run.newAlerts() + " new") : "").append("</td><td>");
                if ("done".equals(run.status())) {
                    b.append("<a class=\"view-report\" href=\"/runs/").append(run.id()).append("/report\">report</a>");
                    for (String lang : Messages.LANGUAGES) {
                        if (!lang.equals("en")) b.append(" <a href=\"/runs/").append(run.id()).append("/report?lang=").append(lang).append("\">").append(lang).append("</a>");
                    }
                    b.append(" \u00b7 <a href=\"/runs/").append(run.id()).append("/report?redact=1\">redacted</a>")
                            .append(" \u00b7 <a class=\"download-report\" href=\"/runs/").append(run.id()).append("/report.html\">download report.html</a>")
                            .append(" \u00b7 <a class=\"download-zip\" href=\"/runs/").append(run.id()).append("/results.zip\">results.zip</a>");
                }
                b.append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        // failed jobs without a run (evidence not recognised...)
        for (CaseService.Job j : service.jobsOf(c.id())) {
            if ("failed".equals(j.status) && j.runId == null) b.append("<p class=\"error job-error\">").append(esc(j.message)).append("</p>\n");
        }
        String typeSelect = typeSelect();
        b.append("<h2>Add evidence</h2>\n");
        b.append("<form id=\"upload-form\" method=\"post\" action=\"/cases/").append(c.id()).append("/check\" data-upload=\"/cases/").append(c.id())
                .append("/upload\"><fieldset><legend>Upload a file (any size)</legend>").append(Pages.csrf(r))
                .append("<input type=\"hidden\" name=\"evidence\" id=\"upload-evidence\">")
                .append("<label>File <input type=\"file\" id=\"upload-file\"></label>")
                .append("<label>Evidence type ").append(typeSelect.replace("id=\"TYPE\"", "id=\"upload-type\"")).append("</label>")
                .append("<label>Password (encrypted backups only; kept in memory, never stored) <input type=\"password\" name=\"password\" autocomplete=\"off\"></label>")
                .append("<button type=\"submit\" id=\"upload-button\">Upload and check</button> ")
                .append("<progress id=\"upload-progress\" hidden value=\"0\" max=\"1\"></progress> <span id=\"upload-text\"></span></fieldset></form>\n");
        if (admin(r)) {
            b.append("<form method=\"post\" action=\"/cases/").append(c.id()).append("/path\"><fieldset><legend>Or check a folder or file on this computer</legend>")
                    .append(Pages.csrf(r)).append("<label>Path <input type=\"text\" name=\"path\" id=\"local-path\" required></label>")
                    .append("<label>Evidence type ").append(typeSelect.replace("id=\"TYPE\"", "id=\"path-type\"")).append("</label>")
                    .append("<label>Password (encrypted backups only) <input type=\"password\" name=\"password\" autocomplete=\"off\"></label>")
                    .append("<button type=\"submit\" id=\"path-button\">Check</button></fieldset></form>\n");
        }
        if (store.hasUsers() && (admin(r) || (r.user != null && r.user.id().equals(c.createdBy())))) {
            b.append("<form method=\"post\" action=\"/cases/").append(c.id()).append("/access\"><fieldset><legend>Share this case</legend>")
                    .append(Pages.csrf(r)).append("<label>User <select name=\"user\">");
            for (CaseStore.User u : store.users()) b.append("<option>").append(esc(u.name())).append("</option>");
            b.append("</select></label><button type=\"submit\">Give access</button></fieldset></form>\n");
        }
        b.append("<h2>Evidence</h2>\n<ul>\n");
        for (CaseStore.Evidence e : evidence) {
            b.append("<li>").append(esc(e.name())).append(e.uploaded() ? " (uploaded, " + e.size() + " bytes)" : " (on this computer: " + esc(e.path()) + ")").append("</li>\n");
        }
        b.append("</ul>\n");
        page(r, c.title(), b.toString(), Pages.JOBS_SCRIPT + Pages.UPLOAD_SCRIPT);
    }

    private static String verdictText(String v) {
        if (v == null) return "";
        return switch (v) {
            case "STRONG" -> "strong signs of spyware";
            case "WARN" -> "warnings for an expert";
            case "NONE" -> "no known indicators";
            default -> v;
        };
    }

    private static String typeSelect() {
        StringBuilder s = new StringBuilder("<select name=\"type\" id=\"TYPE\"><option value=\"auto\">detect automatically</option>");
        for (EvidenceType t : EvidenceTypes.all()) {
            s.append("<option value=\"").append(esc(t.name())).append("\">").append(esc(t.name())).append(" \u2014 ").append(esc(t.description())).append("</option>");
        }
        return s.append("</select>").toString();
    }

    private void upload(Req r) throws IOException {
        CaseStore.Case c = caseFor(r, r.param(0));
        String name = r.query.get("name");
        try (InputStream in = r.ex.getRequestBody()) {
            CaseStore.Evidence e = service.upload(c, name, in);
            json(r.ex, Map.of("evidence", e.id(), "size", e.size()));
        }
    }

    private static char[] password(Req r) throws IOException {
        String p = r.param("password");
        return p == null || p.isEmpty() ? null : p.toCharArray();
    }

    private void check(Req r) throws IOException {
        CaseStore.Case c = caseFor(r, r.param(0));
        String evId = id(r.param("evidence"));
        CaseStore.Evidence e = store.evidence(evId).filter(x -> x.caseId().equals(c.id())).orElseThrow(() -> new HttpError(404, "Not found."));
        service.startCheck(e, r.param("type"), password(r));
        redirect(r.ex, "/cases/" + c.id());
    }

    private void localPath(Req r) throws IOException {
        CaseStore.Case c = caseFor(r, r.param(0));
        if (!admin(r)) throw new HttpError(403, "Only an administrator may check files on the server's disk.");
        String path = r.param("path");
        if (path == null || path.isBlank()) throw new HttpError(400, "Give a path.");
        CaseStore.Evidence e;
        try {
            e = service.addLocal(c, path);
        } catch (IOException ex) {
            throw new HttpError(400, ex.getMessage());
        }
        service.startCheck(e, r.param("type"), password(r));
        redirect(r.ex, "/cases/" + c.id());
    }

    private void seen(Req r) throws IOException {
        CaseStore.Case c = caseFor(r, r.param(0));
        store.markSeen(c.id());
        redirect(r.ex, "/cases/" + c.id());
    }

    private void grant(Req r) throws IOException {
        CaseStore.Case c = caseFor(r, r.param(0));
        if (!admin(r) && (r.user == null || !r.user.id().equals(c.createdBy()))) throw new HttpError(403, "Only an administrator or the case's creator may share it.");
        CaseStore.User u = store.userByName(String.valueOf(r.param("user"))).orElseThrow(() -> new HttpError(400, "No such user."));
        store.grant(c.id(), u.id());
        redirect(r.ex, "/cases/" + c.id());
    }

    private void job(Req r) throws IOException {
        CaseService.Job j = service.job(id(r.param(0))).orElseThrow(() -> new HttpError(404, "Not found."));
        if (j.caseId == null ? !admin(r) : !store.mayAccess(r.user, j.caseId)) throw new HttpError(404, "Not found.");
        json(r.ex, j.json());
    }

    private HtmlReport.Options reportOptions(Req r) {
        String lang = Optional.ofNullable(r.query.get("lang")).orElse("en");
        if (!Messages.LANGUAGES.contains(lang)) throw new HttpError(400, "Unknown language.");
        return new HtmlReport.Options(lang, "1".equals(r.query.get("redact")));
    }

    private void report(Req r) throws IOException {
        CaseStore.Run run = runFor(r, r.param(0));
        if (!"done".equals(run.status())) throw new HttpError(404, "This check has no results.");
        String html = HtmlReport.render(Path.of(run.resultsDir()), reportOptions(r));
        // the report carries its own CSP (its script by hash); this header adds no permission beyond it
        r.ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
        html(r.ex, 200, html);
    }

    private void reportDownload(Req r) throws IOException {
        CaseStore.Run run = runFor(r, r.param(0));
        if (!"done".equals(run.status())) throw new HttpError(404, "This check has no results.");
        byte[] b = HtmlReport.render(Path.of(run.resultsDir()), reportOptions(r)).getBytes(StandardCharsets.UTF_8);
        r.ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        r.ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"vigil-report-" + run.id().substring(0, 8) + ".html\"");
        r.ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = r.ex.getResponseBody()) {
            out.write(b);
        }
    }

    private void zip(Req r) throws IOException {
        CaseStore.Run run = runFor(r, r.param(0));
        if (!"done".equals(run.status())) throw new HttpError(404, "This check has no results.");
        Path dir = Path.of(run.resultsDir());
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        r.ex.getResponseHeaders().set("Content-Type", "application/zip");
        r.ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"vigil-results-" + run.id().substring(0, 8) + ".zip\"");
        r.ex.sendResponseHeaders(200, 0);
        try (ZipOutputStream zip = new ZipOutputStream(r.ex.getResponseBody())) {
            for (Path f : files) {
                ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace('\\', '/'));
                e.setTime(Files.getLastModifiedTime(f).toMillis());
                zip.putNextEntry(e);
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }

    private void retroHunt(Req r) throws IOException {
        if (!admin(r)) throw new HttpError(403, "Only an administrator may re-check every case.");
        service.startRetroHunt(true);
        redirect(r.ex, "/");
    }

    private void loginPage(Req r) throws IOException {
        if (!store.hasUsers()) {
            redirect(r.ex, "/");
            return;
        }
        String err = r.query.containsKey("failed") ? "<p class=\"error\">Wrong name or password.</p>" : "";
        page(r, "Log in", "<h1>Log in</h1>" + err + "<form method=\"post\" action=\"/login\">" + Pages.csrf(r)
                + "<label>Name <input type=\"text\" name=\"name\" id=\"login-name\" autocomplete=\"username\" required></label>"
                + "<label>Password <input type=\"password\" name=\"password\" id=\"login-password\" autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\" id=\"login-button\">Log in</button></form>", null);
    }

    private void login(Req r) throws IOException {
        String name = String.valueOf(r.param("name"));
        if (tooManyFailures(name)) throw new HttpError(429, "Too many failed logins for this name; wait ten minutes.");
        char[] pw = String.valueOf(r.param("password")).toCharArray();
        try {
            Optional<String> hash = store.passwordHash(name);
            // verify against a dummy hash when the user does not exist, so timing does not tell names apart
            boolean ok = PasswordHasher.verify(pw, hash.orElseGet(() -> Dummy.HASH)) && hash.isPresent();
            if (!ok) {
                failedLogins.computeIfAbsent(name, k -> new java.util.concurrent.ConcurrentLinkedDeque<>()).add(System.nanoTime());
                redirect(r.ex, "/login?failed=1");
                return;
            }
            CaseStore.User u = store.userByName(name).orElseThrow();
            Sessions.Session s = sessions.rotate(r.session, u.id());
            setCookie(r.ex, s);
            redirect(r.ex, "/");
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    /** At most 10 failed logins per name in 10 minutes (each try also costs a full PBKDF2). */
    private final Map<String, java.util.Deque<Long>> failedLogins = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean tooManyFailures(String name) {
        java.util.Deque<Long> d = failedLogins.get(name);
        if (d == null) return false;
        long cutoff = System.nanoTime() - java.time.Duration.ofMinutes(10).toNanos();
        while (!d.isEmpty() && d.peekFirst() < cutoff) d.pollFirst();
        return d.size() >= 10;
    }

    /** Made on first need (it costs a full hash), so start-up stays quick. */
    private static final class Dummy {
        static final String HASH = new PasswordHasher().hash("not a real password, for timing".toCharArray());
    }

    private void logout(Req r) throws IOException {
        sessions.remove(r.session);
        send(r.ex, null, 200, "Logged out. Open the address printed by 'vigil serve' again to come back.");
    }

    private void usersPage(Req r) throws IOException {
        if (r.user == null || r.user.role() != CaseStore.Role.ADMIN) throw new HttpError(403, "Administrators only.");
        StringBuilder b = new StringBuilder("<h1>Users</h1><table id=\"users\"><thead><tr><th>Name</th><th>Role</th></tr></thead><tbody>");
        for (CaseStore.User u : store.users()) {
            b.append("<tr><td>").append(esc(u.name())).append("</td><td>").append(esc(u.role().name().toLowerCase(Locale.ROOT))).append("</td></tr>");
        }
        b.append("</tbody></table><form method=\"post\" action=\"/users\"><fieldset><legend>New account</legend>").append(Pages.csrf(r))
                .append("<label>Name <input type=\"text\" name=\"name\" required></label>")
                .append("<label>Role <select name=\"role\"><option value=\"ANALYST\">analyst</option><option value=\"ADMIN\">admin</option></select></label>")
                .append("<label>Password (at least 8 characters) <input type=\"password\" name=\"password\" autocomplete=\"new-password\" required></label>")
                .append("<button type=\"submit\">Create</button></fieldset></form>");
        page(r, "Users", b.toString(), null);
    }

    private void createUser(Req r) throws IOException {
        if (r.user == null || r.user.role() != CaseStore.Role.ADMIN) throw new HttpError(403, "Administrators only.");
        CaseStore.Role role;
        try {
            role = CaseStore.Role.valueOf(String.valueOf(r.param("role")));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "Unknown role.");
        }
        char[] pw = String.valueOf(r.param("password")).toCharArray();
        try {
            store.createUser(String.valueOf(r.param("name")), role, new PasswordHasher().hash(pw));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
        redirect(r.ex, "/users");
    }

    /** For tests and the CLI: the retro-hunt service over this server's store. */
    public RetroHunt retroHunt() {
        return new RetroHunt(store);
    }
}
