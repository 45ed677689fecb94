package dev.vigil.server.web;

import dev.vigil.core.ioc.Indicators;
import dev.vigil.server.store.CaseStore;
import dev.vigil.server.store.JdbcCaseStore;
import dev.vigil.server.store.PasswordHasher;
import dev.vigil.server.testing.NotesSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The web app over real HTTP: access token, session cookie, Host/Origin/CSRF checks, the case flow, team mode, retro-hunt. */
class VigilServerTest {
    @TempDir
    Path tmp;
    JdbcCaseStore store;
    VigilServer server;
    final AtomicReference<Indicators> iocs = new AtomicReference<>(NotesSample.indicators());

    @BeforeEach
    void start() throws Exception {
        store = JdbcCaseStore.open("jdbc:sqlite:" + tmp.resolve("cases.db"));
        server = VigilServer.start(new VigilServer.Config(0, tmp.resolve("data"), store, iocs::get));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    Client enter() throws Exception {
        Client c = new Client(server.base());
        HttpResponse<String> r = c.enter(server.url());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/");
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(c.get("/").statusCode()).isEqualTo(200);
        return c;
    }

    @Test
    void nothingIsServedWithoutTheToken() throws Exception {
        Client c = new Client(server.base());
        assertThat(c.get("/").statusCode()).isEqualTo(403);
        assertThat(c.get("/").body()).doesNotContain("Cases</h1>");
        assertThat(c.get("/cases/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(403);
        assertThat(c.get("/?token=wrong").statusCode()).isEqualTo(403);
        assertThat(c.cookie).isNull();
        assertThat(server.url().getQuery()).matches("token=[A-Za-z0-9_-]{43}");
        c.cookie = "vigil_session_" + server.port() + "=forged";
        assertThat(c.get("/").statusCode()).isEqualTo(403);
    }

    @Test
    void hostHeaderMustNameThisServer() throws Exception {
        Client c = enter();
        assertThat(Client.raw(server.port(), "127.0.0.1:" + server.port(), c.cookie)).contains("200");
        assertThat(Client.raw(server.port(), "localhost:" + server.port(), c.cookie)).contains("200");
        assertThat(Client.raw(server.port(), "attacker.example:" + server.port(), c.cookie)).contains("421");
        assertThat(Client.raw(server.port(), "127.0.0.1", c.cookie)).contains("421");
    }

    @Test
    void everyChangeNeedsTheCsrfTokenAndSameOrigin() throws Exception {
        Client c = enter();
        String good = c.csrf;
        assertThat(c.postRaw("/cases", Client.form(Map.of("title", "x")), Map.of()).statusCode()).isEqualTo(403);
        assertThat(c.postRaw("/cases", Client.form(Map.of("title", "x", "csrf", "wrong")), Map.of()).statusCode()).isEqualTo(403);
        assertThat(c.postRaw("/cases", Client.form(Map.of("title", "x", "csrf", good)), Map.of("Origin", "http://attacker.example")).statusCode()).isEqualTo(403);
        assertThat(c.postRaw("/cases", Client.form(Map.of("title", "x", "csrf", good)), Map.of("Sec-Fetch-Site", "cross-site")).statusCode()).isEqualTo(403);
        assertThat(store.cases()).isEmpty();
        HttpResponse<String> ok = c.postRaw("/cases", Client.form(Map.of("title", "x", "csrf", good)), Map.of("Origin", server.base()));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(store.cases()).hasSize(1);
        // another session's token is not valid here
        Client other = enter();
        assertThat(other.postRaw("/cases", Client.form(Map.of("title", "y", "csrf", good)), Map.of()).statusCode()).isEqualTo(403);
    }

    static String caseId(HttpResponse<String> created) {
        String loc = created.headers().firstValue("Location").orElseThrow();
        assertThat(loc).matches("/cases/[0-9a-f]{32}");
        return loc.substring("/cases/".length());
    }

    String uploadAndCheck(Client c, String caseId) throws Exception {
        Path sample = new NotesSample().build(tmp.resolve("sample"));
        c.get("/cases/" + caseId);
        HttpResponse<String> up = c.upload("/cases/" + caseId + "/upload?name=" + "..%2F..%2Fnotes.txt", HttpRequest.BodyPublishers.ofFile(sample));
        assertThat(up.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("\"evidence\":\"([0-9a-f]+)\"").matcher(up.body());
        assertThat(m.find()).isTrue();
        String ev = m.group(1);
        CaseStore.Evidence stored = store.evidence(ev).orElseThrow();
        assertThat(Path.of(stored.path())).startsWith(tmp).hasFileName("notes.txt");
        assertThat(Files.readAllBytes(Path.of(stored.path()))).isEqualTo(Files.readAllBytes(sample));
        assertThat(c.post("/cases/" + caseId + "/check", Map.of("evidence", ev, "type", "auto", "password", "")).statusCode()).isEqualTo(303);
        assertThat(server.service().awaitIdle(Duration.ofSeconds(30))).isTrue();
        return ev;
    }

    @Test
    void uploadDetectCheckBrowseAndDownload() throws Exception {
        Client c = enter();
        String caseId = caseId(c.post("/cases", Map.of("title", "Jane's phone <b>")));
        uploadAndCheck(c, caseId);
        String page = c.get("/cases/" + caseId).body();
        assertThat(page).contains("Jane&#39;s phone &lt;b&gt;").contains(NotesSample.DOMAIN).contains("NSO Group Pegasus")
                .contains("strong signs of spyware").contains("test-notes");
        // hostile evidence text shows escaped, never as markup
        assertThat(page).doesNotContain("<script>document.title").contains("A note contains script markup");
        CaseStore.Run run = store.runsOf(caseId).get(0);
        assertThat(run.status()).isEqualTo("done");
        assertThat(run.evidenceType()).isEqualTo("test-notes");
        // every check wrote report.html through the core hook
        assertThat(Path.of(run.resultsDir()).resolve("report.html")).exists();

        HttpResponse<String> report = c.get("/runs/" + run.id() + "/report");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("Strong signs of NSO Group Pegasus").doesNotContain("<script>document.title");
        assertThat(c.get("/runs/" + run.id() + "/report?lang=ar").body()).contains("dir=\"rtl\"");
        assertThat(c.get("/runs/" + run.id() + "/report?redact=1").body()).doesNotContain("+41791234567");
        HttpResponse<byte[]> dl = c.bytes("/runs/" + run.id() + "/report.html");
        assertThat(dl.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(new String(dl.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Files.readString(Path.of(run.resultsDir()).resolve("report.html")));
        HttpResponse<byte[]> zip = c.bytes("/runs/" + run.id() + "/results.zip");
        List<String> names = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) names.add(e.getName());
        }
        assertThat(names).contains("alerts.json", "run.json", "report.html", "timeline.csv", "test_notes.json");
        assertThat(c.get("/jobs/0123456789abcdef01234567").statusCode()).isEqualTo(404);
    }

    /** A real-format iPhone filesystem dump (.tar) from the samples module, with the bundled indicators. */
    @Test
    void realSampleIsDetectedAndCheckedWithTheBundledIndicators() throws Exception {
        var sample = dev.vigil.samples.Sample.all().stream().filter(x -> x.name().equals("ios-fs-dump")).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(sample.isPresent(), "the ios-fs-dump sample is not in this build");
        iocs.set(dev.vigil.core.ioc.IocSets.defaults(dev.vigil.core.ioc.AllowList.none()));
        Path tar = sample.get().build(tmp.resolve("real"));
        Client c = enter();
        String caseId = caseId(c.post("/cases", Map.of("title", "real dump")));
        c.get("/cases/" + caseId);
        HttpResponse<String> up = c.upload("/cases/" + caseId + "/upload?name=" + tar.getFileName(), HttpRequest.BodyPublishers.ofFile(tar));
        String ev = up.body().replaceAll(".*\"evidence\":\"([0-9a-f]+)\".*", "$1");
        c.post("/cases/" + caseId + "/check", Map.of("evidence", ev, "type", "auto"));
        assertThat(server.service().awaitIdle(Duration.ofSeconds(120))).isTrue();
        CaseStore.Run run = store.runsOf(caseId).get(0);
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("done");
        assertThat(run.evidenceType()).isEqualTo("ios-fs");
        assertThat(run.verdict()).isEqualTo("STRONG");
        assertThat(store.alertsOf(caseId)).anyMatch(a -> "CRITICAL".equals(a.level()) && String.valueOf(a.collection()).contains("Pegasus"));
        assertThat(c.get("/runs/" + run.id() + "/report").body()).contains("Strong signs of").contains("Pegasus");
    }

    @Test
    void unknownEvidenceSaysSoOnThePage() throws Exception {
        Client c = enter();
        String caseId = caseId(c.post("/cases", Map.of("title", "odd")));
        c.get("/cases/" + caseId);
        HttpResponse<String> up = c.upload("/cases/" + caseId + "/upload?name=photo.jpg", HttpRequest.BodyPublishers.ofString("not evidence"));
        String ev = up.body().replaceAll(".*\"evidence\":\"([0-9a-f]+)\".*", "$1");
        c.post("/cases/" + caseId + "/check", Map.of("evidence", ev, "type", "auto"));
        assertThat(server.service().awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(c.get("/cases/" + caseId).body()).contains("Vigil does not recognise this evidence");
    }

    @Test
    void retroHuntMarksCasesWithNewAlerts() throws Exception {
        Client c = enter();
        String caseId = caseId(c.post("/cases", Map.of("title", "retro")));
        uploadAndCheck(c, caseId);
        int before = store.alertsOf(caseId).size();
        iocs.set(NotesSample.laterIndicators());
        c.get("/");
        assertThat(c.post("/retro-hunt", Map.of()).statusCode()).isEqualTo(303);
        assertThat(server.service().awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(store.caseById(caseId).orElseThrow().newAlerts()).isEqualTo(1);
        assertThat(store.alertsOf(caseId)).hasSize(before + 1);
        assertThat(store.alertsOf(caseId).get(0).iocValue()).isEqualTo(NotesSample.LATE_DOMAIN);
        assertThat(c.get("/").body()).contains("1 new").contains("Last retro-hunt");
        String page = c.get("/cases/" + caseId).body();
        assertThat(page).contains("Intellexa Predator").contains("retro-hunt");
        // a second retro-hunt with the same set finds nothing new
        server.service().startRetroHunt(false);
        assertThat(server.service().awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(store.caseById(caseId).orElseThrow().newAlerts()).isEqualTo(1);
        c.post("/cases/" + caseId + "/seen", Map.of());
        assertThat(store.caseById(caseId).orElseThrow().newAlerts()).isZero();
    }

    /** The same flow with the case store in a real PostgreSQL server (VIGIL_TEST_PG_URL, set by .ci/run). */
    @Test
    void theWholeFlowOnPostgres() throws Exception {
        String url = System.getenv("VIGIL_TEST_PG_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null, "VIGIL_TEST_PG_URL is not set");
        server.close();
        store.close();
        dev.vigil.server.store.CaseStoreTest.resetPostgres(url);
        store = JdbcCaseStore.open(url);
        server = VigilServer.start(new VigilServer.Config(0, tmp.resolve("pgdata"), store, iocs::get));
        Client c = enter();
        String caseId = caseId(c.post("/cases", Map.of("title", "on postgres")));
        uploadAndCheck(c, caseId);
        assertThat(c.get("/cases/" + caseId).body()).contains(NotesSample.DOMAIN).contains("strong signs of spyware");
        iocs.set(NotesSample.laterIndicators());
        c.get("/");
        c.post("/retro-hunt", Map.of());
        assertThat(server.service().awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(store.caseById(caseId).orElseThrow().newAlerts()).isEqualTo(1);
        assertThat(store.alertsOf(caseId).get(0).collection()).isEqualTo("Intellexa Predator");
    }

    @Test
    void teamModeNeedsALoginAndShowsOnlyPermittedCases() throws Exception {
        PasswordHasher h = new PasswordHasher(10_000);
        var admin = store.createUser("admin", CaseStore.Role.ADMIN, h.hash("admin password".toCharArray()));
        var ana = store.createUser("ana", CaseStore.Role.ANALYST, h.hash("ana password".toCharArray()));
        var adminCase = store.createCase("Admin only", admin.id(), id -> tmp.resolve(id).toString());
        Client c = new Client(server.base());
        c.enter(server.url());
        HttpResponse<String> first = c.get("/");
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).hasValue("/login");
        c.get("/login");
        assertThat(c.post("/login", Map.of("name", "ana", "password", "wrong password")).headers().firstValue("Location")).hasValue("/login?failed=1");
        assertThat(c.post("/login", Map.of("name", "nobody", "password", "ana password")).headers().firstValue("Location")).hasValue("/login?failed=1");
        String before = c.cookie;
        HttpResponse<String> in = c.post("/login", Map.of("name", "ana", "password", "ana password"));
        assertThat(in.headers().firstValue("Location")).hasValue("/");
        assertThat(c.cookie).isNotEqualTo(before);
        String index = c.get("/").body();
        assertThat(index).contains("ana (analyst)").doesNotContain("Admin only");
        assertThat(c.get("/cases/" + adminCase.id()).statusCode()).isEqualTo(404);
        assertThat(c.get("/users").statusCode()).isEqualTo(403);
        assertThat(c.post("/retro-hunt", Map.of()).statusCode()).isEqualTo(403);
        String mine = caseId(c.post("/cases", Map.of("title", "Ana's case")));
        assertThat(c.get("/cases/" + mine).body()).doesNotContain("local-path");
        assertThat(c.post("/cases/" + mine + "/path", Map.of("path", "/etc")).statusCode()).isEqualTo(403);
        store.grant(adminCase.id(), ana.id());
        assertThat(c.get("/cases/" + adminCase.id()).statusCode()).isEqualTo(200);
        // logging out ends the session
        c.get("/");
        assertThat(c.post("/logout", Map.of()).statusCode()).isEqualTo(200);
        assertThat(c.get("/").statusCode()).isEqualTo(403);
        // guessing is bounded
        Client g = new Client(server.base());
        g.enter(server.url());
        g.get("/login");
        for (int i = 0; i < 10; i++) g.post("/login", Map.of("name", "admin", "password", "guess " + i));
        assertThat(g.post("/login", Map.of("name", "admin", "password", "admin password")).statusCode()).isEqualTo(429);
    }
}
