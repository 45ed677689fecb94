package dev.vigil.server.web;

import dev.vigil.server.store.JdbcCaseStore;
import dev.vigil.server.testing.NotesSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end in a real headless Chromium (Debian's chromium + chromium-driver, driven by
 * Selenium through the local chromedriver; Selenium Manager never downloads anything): token
 * refusal, create a case, upload the sample with the progress bar, see the alert, download the
 * report, and use the report's timeline filter both served and opened from the file.
 * Screenshots go to target/screenshots/.
 */
class BrowserTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VIGIL_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("VIGIL_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of("target", "screenshots");
    static Path tmp;
    static JdbcCaseStore store;
    static VigilServer server;
    static ChromeDriver driver;
    static Path downloads;

    @BeforeAll
    static void start() throws Exception {
        boolean required = System.getenv("VIGIL_TEST_BROWSER") != null;
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (required) assertThat(present).as("chromium and chromedriver installed (VIGIL_TEST_BROWSER is set)").isTrue();
        Assumptions.assumeTrue(present, "chromium/chromedriver not installed");
        tmp = Files.createTempDirectory("vigil-browser");
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        Files.createDirectories(SHOTS);
        store = JdbcCaseStore.open("jdbc:sqlite:" + tmp.resolve("cases.db"));
        server = VigilServer.start(new VigilServer.Config(0, tmp.resolve("data"), store, NotesSample::indicators));
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions", "--window-size=1280,1100",
                "--user-data-dir=" + tmp.resolve("profile"));
        o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false,
                "safebrowsing.enabled", false));
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(svc, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.close();
        if (store != null) store.close();
    }

    static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    @Test
    void theWholeFlowInARealBrowser() throws Exception {
        // 1. without the token: refused
        driver.get(server.base() + "/");
        assertThat(driver.getPageSource()).contains("403").contains("access token").doesNotContain("New case");
        shot("01-refused-without-token");

        // 2. with the token: a session, and the token leaves the address bar
        driver.get(server.url().toString());
        assertThat(driver.getCurrentUrl()).isEqualTo(server.base() + "/");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Cases");
        shot("02-cases-empty");

        // 3. a case
        driver.findElement(By.id("case-title")).sendKeys("Journalist's phone");
        driver.findElement(By.id("create-case")).click();
        try {
            waiting(10).until(d -> d.getCurrentUrl().contains("/cases/"));
        } catch (RuntimeException e) {
            throw new AssertionError("after creating a case: " + driver.getCurrentUrl() + "\n" + driver.getPageSource(), e);
        }
        assertThat(driver.findElement(By.id("case-title")).getText()).isEqualTo("Journalist's phone");

        // 4. upload the sample through the page (XHR with progress), which then starts the check
        Path sample = new NotesSample().build(tmp.resolve("sample"));
        driver.findElement(By.id("upload-file")).sendKeys(sample.toAbsolutePath().toString());
        shot("03-case-before-upload");
        driver.findElement(By.id("upload-button")).click();
        waiting(60).until(d -> !d.findElements(By.cssSelector("#alerts tr.alert")).isEmpty());
        String alerts = driver.findElement(By.id("alerts")).getText();
        assertThat(alerts).contains(NotesSample.DOMAIN).contains("NSO Group Pegasus").contains("CRITICAL");
        // hostile text in the evidence never ran as script
        assertThat(driver.getTitle()).doesNotContain("pwned");
        assertThat(driver.findElement(By.id("runs")).getText()).contains("strong signs of spyware");
        shot("04-case-with-alert");

        // 5. download report.html
        driver.findElement(By.cssSelector("a.download-report")).click();
        Path downloaded = waitForDownload(".html");
        assertThat(Files.readString(downloaded)).contains("Strong signs of NSO Group Pegasus");

        // 6. the served report, with its timeline filter
        driver.findElement(By.cssSelector("a.view-report")).click();
        waiting(10).until(d -> !d.findElements(By.id("timeline-table")).isEmpty());
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Strong signs of NSO Group Pegasus");
        shot("05-report-top");
        checkTimelineFilter("05-report");
        assertThat(driver.getTitle()).doesNotContain("pwned");

        // 7. the downloaded file, opened offline from disk: same filter working
        driver.get(downloaded.toUri().toString());
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Strong signs of NSO Group Pegasus");
        checkTimelineFilter("06-report-file");
        Pdf pdf = driver.print(new PrintOptions());
        byte[] pdfBytes = Base64.getDecoder().decode(pdf.getContent());
        assertThat(new String(pdfBytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Files.write(SHOTS.resolve("report.pdf"), pdfBytes);

        // 8. Arabic, right to left
        driver.navigate().back();
        driver.get(server.base() + "/cases/" + store.cases().get(0).id());
        String runId = store.runsOf(store.cases().get(0).id()).get(0).id();
        driver.get(server.base() + "/runs/" + runId + "/report?lang=ar");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("NSO Group Pegasus");
        shot("07-report-arabic");
        driver.get(server.base() + "/");
        assertThat(driver.findElement(By.id("cases")).getText()).contains("Journalist's phone").contains("strong signs of spyware");
        shot("08-cases-list");
    }

    /** Filters the timeline by level and by text and checks which rows stay visible. */
    static void checkTimelineFilter(String shotName) throws Exception {
        List<WebElement> rows = driver.findElements(By.cssSelector("#timeline-table tbody tr"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(5);
        WebElement count = driver.findElement(By.id("f-count"));
        assertThat(driver.findElement(By.id("filters")).isDisplayed()).isTrue();
        assertThat(count.getText()).isEqualTo(rows.size() + " rows shown");
        new Select(driver.findElement(By.id("f-level"))).selectByValue("CRITICAL");
        List<WebElement> visible = rows.stream().filter(WebElement::isDisplayed).toList();
        assertThat(visible).hasSize(1);
        assertThat(visible.get(0).getText()).contains(NotesSample.DOMAIN);
        shot(shotName + "-filtered");
        new Select(driver.findElement(By.id("f-level"))).selectByValue("");
        WebElement text = driver.findElement(By.id("f-text"));
        text.sendKeys("+41791234567");
        visible = rows.stream().filter(WebElement::isDisplayed).toList();
        assertThat(visible).hasSize(1);
        assertThat(visible.get(0).getText()).contains("See you at noon");
        text.clear();
        text.sendKeys(" ");
        text.sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
        assertThat(rows.stream().filter(WebElement::isDisplayed).count()).isEqualTo(rows.size());
        shot(shotName);
    }

    static Path waitForDownload(String suffix) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            try (Stream<Path> s = Files.list(downloads)) {
                var done = s.filter(p -> p.toString().endsWith(suffix)).findFirst();
                if (done.isPresent()) return done.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no download in " + downloads);
    }

}
