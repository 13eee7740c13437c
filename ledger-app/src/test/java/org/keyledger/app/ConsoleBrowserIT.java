package org.keyledger.app;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keyledger.embedded.FreePorts;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator console in a real browser, as a new user meets it: the packaged jar started as {@code ./ledger}
 * starts it (local mode, its own development instance key, fresh data), the URL it prints opened in headless
 * Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by Selenium), and every task done with
 * the mouse and keyboard: sign in (after a wrong key), create a key and see its secret once, find it, open it, edit
 * it, reveal its secret, revoke it with a reason, delete it, and watch the activity feed and charts. Every response
 * the browser received is kept (from Chromium's own network log) and searched for the instance key and the secret.
 * Screenshots go to {@code target/console-screenshots}. Needs Chromium; {@code LEDGER_REQUIRE_BROWSER=1} (CI)
 * turns a missing one into a failure rather than a skip.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern READY = Pattern.compile("ready in [0-9.]+ s: (http://\\S+)");
    private static final String SUBJECT = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path root;
    private static Path log;
    private static Path screenshots;
    private static Process app;
    private static String consoleUrl;
    private static String instanceKey;
    private static ChromeDriverService driverService;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static final List<Response> responses = new ArrayList<>();
    private static String secret;
    private static String keyId;
    private static int shots;

    /** One response the browser received, as Chromium's network log and {@code Network.getResponseBody} tell. */
    private record Response(String method, String url, int status, String headers, String body) {
    }

    @BeforeAll
    static void startTheLedgerAndABrowser() throws Exception {
        if (System.getenv("LEDGER_REQUIRE_BROWSER") == null) {
            assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                    "chromium and chromium-driver are not installed");
        }
        root = Files.createTempDirectory("ledger-console-");
        screenshots = Path.of("target", "console-screenshots");
        Files.createDirectories(screenshots);
        log = Path.of("target", "console-it.log");
        startLedger();
        startBrowser();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
    }

    /** As {@code ./ledger} runs it, but on a fresh test database and free ports; the instance key is its own. */
    private static void startLedger() throws Exception {
        String jar = System.getProperty("ledger.app.jar");
        assertThat(jar).as("system property ledger.app.jar (set by the failsafe configuration)").isNotBlank();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        List.of("LEDGER_SECRET_KEYS", "LEDGER_MASTER_KEY", "KAFKA_BOOTSTRAP_SERVERS", "SPRING_DATASOURCE_URL")
                .forEach(environment::remove);
        environment.put("LEDGER_DATA_DIR", root.resolve("data").toString());
        environment.put("LEDGER_PORT", Integer.toString(FreePorts.pick()));
        environment.put("LEDGER_EMBEDDED_KAFKA_PORT", Integer.toString(FreePorts.pickPair()));
        environment.put("LEDGER_DB_URL", LedgerTestEnvironment.newDatabase());
        environment.put("LEDGER_DB_USER", "postgres");
        environment.put("LEDGER_DB_PASSWORD", "");
        app = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("the ledger exited while starting:\n" + Files.readString(log));
            }
            Matcher ready = READY.matcher(Files.readString(log));
            if (ready.find()) {
                consoleUrl = ready.group(1);
                instanceKey = Files.readString(root.resolve("data/dev-instance-key")).trim();
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the ledger did not start within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    private static void startBrowser() throws IOException {
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + Files.createDirectories(root.resolve("chromium")));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.PERFORMANCE, Level.ALL); // Chromium's network events, to check every response
        options.setCapability("goog:loggingPrefs", logging);
        browser = new ChromeDriver(driverService, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    // ---- the tasks, in order -----------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theUrlTheLedgerPrintsOpensTheConsoleAndAWrongKeyIsToldSo() throws Exception {
        assertThat(consoleUrl).as("the printed URL").matches("http://[^/]+/");
        browser.get(consoleUrl);
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("instance-key")));
        assertThat(browser.findElement(By.cssSelector("label[for=instance-key]")).getText()).isEqualTo("Instance key");
        assertThat(field.getAttribute("type")).isEqualTo("password");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("focus starts in the key field")
                .isEqualTo("instance-key");
        screenshot("sign-in");

        field.sendKeys("sk_test_not_the_key", Keys.ENTER); // the keyboard alone
        WebElement alert = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(alert.getText()).contains("not accepted").contains("dev-instance-key");
        assertThat(sessionKey()).isNull();
        screenshot("wrong-key");

        browser.findElement(By.id("instance-key")).sendKeys(instanceKey, Keys.ENTER);
        heading("Keys");
        assertThat(sessionKey()).isEqualTo(instanceKey);
        assertThat(script("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(browser.getCurrentUrl()).doesNotContain(instanceKey);
    }

    @Test
    @Order(2)
    void createAKeyAndSeeItsSecretOnce() throws Exception {
        browser.findElement(By.linkText("New key")).click();
        heading("New key");
        type("name", "ci-deploy");
        type("subject", SUBJECT);
        type("description", "deploys from CI");
        type("scopes", "read, write");
        type("claims", "{\"tenant\": \"t_1\"}");
        new Select(browser.findElement(By.id("expiration"))).selectByVisibleText("30 days");
        browser.findElement(By.xpath("//button[.='Create key']")).click();

        WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-secret")));
        secret = shown.getDomProperty("value");
        assertThat(secret).matches("ak_[0-9A-Za-z]{46}");
        assertThat(browser.findElement(By.cssSelector(".warning")).getText()).contains("only this once");
        browser.findElement(By.xpath("//button[.='Copy secret']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=status]")));
        screenshot("secret-shown-once");

        browser.findElement(By.xpath("//button[.='Done: open the key']")).click();
        heading("ci-deploy");
        keyId = browser.getCurrentUrl().replaceAll(".*#/keys/", "");
        assertThat(keyId).startsWith("ak_");
        assertThat(browser.getPageSource()).as("the secret has left the page").doesNotContain(secret);
    }

    @Test
    @Order(3)
    void findTheKeyBySubjectAndNameAndOpenIt() throws Exception {
        browser.findElement(By.linkText("Keys")).click();
        heading("Keys");
        type("subject", SUBJECT);
        type("query", "deploy");
        browser.findElement(By.id("query")).sendKeys(Keys.ENTER);
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tbody tr")));
        assertThat(row.getText()).contains("ci-deploy").contains("ACTIVE").contains(SUBJECT).contains("read, write");
        assertThat(browser.findElement(By.tagName("caption")).getText()).isEqualTo("Keys 1–1 of 1");
        screenshot("keys-found");

        // the keyboard alone: from the top, Tab goes through the menu to the search, and Enter opens the key
        script("document.querySelector('header .brand').focus()");
        for (String next : List.of("Keys", "Activity", "Sign out")) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
            assertThat(browser.switchTo().activeElement().getText()).isEqualTo(next);
        }
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("New key");
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("subject");
        row.findElement(By.linkText("ci-deploy")).sendKeys(Keys.ENTER);
        heading("ci-deploy");
        assertThat(field("ID")).isEqualTo(keyId);
        assertThat(field("Subject")).isEqualTo(SUBJECT);
        assertThat(field("Description")).isEqualTo("deploys from CI");
        assertThat(field("Scopes")).isEqualTo("read, write");
        assertThat(field("Claims")).isEqualTo("{\"tenant\":\"t_1\"}");
        assertThat(field("Status")).isEqualTo("active");
        assertThat(field("Expires")).endsWith("UTC");
        assertThat(timeline()).hasSize(1);
        assertThat(timeline().get(0)).startsWith("Created").contains("instance key key_").contains("127.0.0.1")
                .contains("request req_");
        screenshot("key-page");
    }

    @Test
    @Order(4)
    void editTheKeyAndSeeTheChangeInItsTimeline() throws Exception {
        WebElement description = browser.findElement(By.id("description"));
        description.clear();
        description.sendKeys("deploys main from CI");
        WebElement scopes = browser.findElement(By.id("scopes"));
        scopes.clear();
        scopes.sendKeys("read write deploy");
        browser.findElement(By.xpath("//button[.='Save changes']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"), "Saved."));
        assertThat(field("Description")).isEqualTo("deploys main from CI");
        assertThat(field("Scopes")).isEqualTo("read, write, deploy");
        List<String> events = timeline();
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).startsWith("Updated").contains("description: deploys main from CI")
                .contains("scopes: [\"read\",\"write\",\"deploy\"]");
    }

    @Test
    @Order(5)
    void revealTheSecretOnlyOnAnExplicitClick() throws Exception {
        assertThat(browser.getPageSource()).doesNotContain(secret);
        browser.findElement(By.xpath("//button[.='Reveal secret']")).click();
        WebElement revealed = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("revealed-secret")));
        assertThat(revealed.getDomProperty("value")).isEqualTo(secret);
        screenshot("secret-revealed");
        browser.findElement(By.xpath("//button[.='Hide secret']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("revealed-secret")));
        assertThat(browser.getPageSource()).doesNotContain(secret);
    }

    @Test
    @Order(6)
    void revokeWithAReasonAndWatchTheTimelineGrow() throws Exception {
        browser.findElement(By.id("reason")).sendKeys("leaked in a CI log");
        browser.findElement(By.xpath("//button[.='Revoke key']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".title .badge"), "REVOKED"));
        assertThat(field("Revocation reason")).isEqualTo("leaked in a CI log");
        List<String> events = timeline();
        assertThat(events).hasSize(3);
        assertThat(events.get(2)).startsWith("Revoked").contains("revocation_reason: leaked in a CI log");
        assertThat(browser.findElements(By.id("reason"))).as("no second revoke").isEmpty();
        screenshot("revoked");

        // verify now rejects the key: the same API every client uses
        LedgerClient.Response verify = send("POST", "/v1/api_keys/verify", "{\"secret\":\"" + secret + "\"}");
        assertThat(verify.status()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void deleteOnlyAfterTypingTheKeysName() throws Exception {
        WebElement delete = browser.findElement(By.xpath("//button[.='Delete key']"));
        assertThat(delete.isEnabled()).isFalse();
        browser.findElement(By.id("confirm-name")).sendKeys("ci-deplo");
        assertThat(delete.isEnabled()).isFalse();
        browser.findElement(By.id("confirm-name")).sendKeys("y");
        wait.until(ExpectedConditions.elementToBeClickable(delete)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".title .badge"), "DELETED"));
        List<String> events = timeline();
        assertThat(events).hasSize(4);
        assertThat(events.get(3)).startsWith("Deleted");
        assertThat(send("GET", "/v1/api_keys/" + keyId, null).status()).isEqualTo(404);
        screenshot("deleted");
    }

    @Test
    @Order(8)
    void theActivityFeedShowsEveryChangeAndTheChartsCountThem() throws Exception {
        browser.findElement(By.linkText("Activity")).click();
        heading("Activity");
        wait.until(d -> timeline().size() >= 4);
        List<String> feed = timeline();
        assertThat(feed.get(0)).startsWith("Deleted").contains(keyId);
        assertThat(feed.get(1)).startsWith("Revoked").contains("leaked in a CI log");
        assertThat(feed.get(2)).startsWith("Updated");
        assertThat(feed.get(3)).startsWith("Created ci-deploy");
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(3);
        // the charts draw the ledger's own numbers: one create, one revoke, one rejected verify (revoked key)
        wait.until(d -> chartTotal(1, "created") == 1 && chartTotal(1, "revoked") == 1
                && chartTotal(0, "invalid") >= 1);

        // live: a change made elsewhere appears without a reload
        LedgerClient.Response created = send("POST", "/v1/api_keys",
                "{\"name\":\"made-elsewhere\",\"subject\":\"" + SUBJECT + "\"}");
        assertThat(created.status()).isEqualTo(200);
        wait.until(d -> timeline().get(0).startsWith("Created made-elsewhere"));
        screenshot("activity");
    }

    @Test
    @Order(9)
    void onAPhoneNothingIsCutOff() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String page : List.of("#/activity", "#/keys?subject=" + SUBJECT + "&invalid=true", "#/keys/" + keyId,
                    "#/keys/new")) {
                browser.get(consoleUrl + page);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main h1")));
                Thread.sleep(300); // let the page's data arrive
                Object wider = script("""
                        return [...document.querySelectorAll('body *')]
                            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                            .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right);""");
                assertThat((Long) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                        .as("horizontal overflow on %s: %s", page, wider).isLessThanOrEqualTo(0L);
                assertThat(script("""
                        return [...document.querySelectorAll('input, select, textarea')].filter((e) => !e.labels.length)
                            .concat([...document.querySelectorAll('button, a')].filter((e) => !e.textContent.trim()))
                            .map((e) => e.outerHTML);""")).as("controls without a label on %s", page)
                        .isEqualTo(List.of());
                screenshot("phone-" + page.replaceAll("[^a-z]+", "-").replaceAll("-+$", ""));
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    @Order(10)
    void noResponseCarriesTheInstanceKeyOrTheSecretBeyondCreateAndReveal() throws Exception {
        record();
        assertThat(responses).as("responses seen").hasSizeGreaterThan(20);
        List<String> carryingSecret = new ArrayList<>();
        for (Response response : responses) {
            assertThat(response.url()).as("a URL").doesNotContain(instanceKey).doesNotContain(secret);
            assertThat(response.headers()).as("headers of %s", response.url()).doesNotContain(instanceKey)
                    .doesNotContain(secret).doesNotContainIgnoringCase("set-cookie");
            assertThat(response.body()).as("body of %s", response.url()).doesNotContain(instanceKey);
            if (response.body().contains(secret) || response.body().contains(secret.substring(3))) {
                carryingSecret.add(response.method() + " " + URI.create(response.url()).getPath());
            }
            if (isConsolePage(response.url())) {
                assertThat(response.headers()).as("CSP on %s", response.url())
                        .contains("script-src 'self'").contains("form-action 'none'");
            }
        }
        assertThat(carryingSecret).containsExactlyInAnyOrder("POST /v1/api_keys",
                "GET /v1/api_keys/" + keyId + "/secret");
        // the page has no inline script for the policy to allow
        String page = send("GET", "/", null).body();
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");

        // the logs: the instance key only in the banner that prints it at start, the secret never
        String output = Files.readString(log);
        assertThat(output).doesNotContain(secret).doesNotContain(secret.substring(3));
        assertThat(output.lines().filter(line -> line.contains(instanceKey)))
                .allMatch(line -> line.contains("instance key (Authorization: Bearer …)"));
    }

    @Test
    @Order(11)
    void aCrossSiteFormPostCannotAct() throws Exception {
        // the console is signed in in this very tab; another site posts a form to the ledger (the classic CSRF,
        // JSON smuggled in a text/plain body). The key is in the console origin's session storage, which no
        // request carries by itself, and there is no cookie: the ledger answers 401 and nothing changes.
        browser.get(consoleUrl + "#/keys");
        heading("Keys");
        assertThat(sessionKey()).isEqualTo(instanceKey);
        String victim = "user_csrf_" + System.nanoTime();
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String ledger = consoleUrl.replaceAll("/$", "");
        byte[] page = ("""
                <!doctype html><html><body>
                <form id="f" method="post" enctype="text/plain" action="%s/v1/api_keys">
                <input type="hidden" name='{"name":"csrf","subject":"%s","x":"' value='"}'>
                </form><script>document.getElementById('f').submit()</script></body></html>
                """).formatted(ledger, victim).getBytes(StandardCharsets.UTF_8);
        attacker.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
        try {
            // "localhost" and "127.0.0.1" are different sites to the browser
            String otherSite = consoleUrl.contains("localhost") ? "127.0.0.1" : "localhost";
            browser.get("http://" + otherSite + ":" + attacker.getAddress().getPort() + "/");
            wait.until(d -> d.getCurrentUrl().startsWith(ledger + "/v1/api_keys"));
            assertThat(browser.getPageSource()).contains("authentication_invalid");
            screenshot("cross-site-post-refused");
        } finally {
            attacker.stop(0);
        }
        JsonNode keys = send("GET", "/v1/api_keys?subject=" + victim, null).json();
        assertThat(keys.get("total_count").asLong()).as("no key was created").isZero();
    }

    @Test
    @Order(12)
    void signingOutForgetsTheKey() throws Exception {
        browser.get(consoleUrl + "#/keys");
        heading("Keys");
        browser.findElement(By.xpath("//button[.='Sign out']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("instance-key")));
        assertThat(sessionKey()).isNull();
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("instance-key")));
        assertThat(browser.getPageSource()).doesNotContain(instanceKey);
        screenshot("signed-out");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static boolean isConsolePage(String url) {
        String path = URI.create(url).getPath();
        return path.equals("/") || path.startsWith("/console/");
    }

    private static void heading(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main h1"), text));
    }

    private static void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /**
     * The value shown for a field of the key page, once shown: the page loads the key and its trail at once, and the
     * title may come from the trail before the key's fields are there.
     */
    private static String field(String term) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//dl[@class='fields']/div[dt='" + term + "']/dd"))).getText();
    }

    private static List<String> timeline() {
        return browser.findElements(By.cssSelector(".timeline > li")).stream().map(WebElement::getText).toList();
    }

    private static long chartTotal(int chart, String series) {
        Object total = script("""
                const chart = Chart.getChart(document.querySelectorAll('.chart canvas')[arguments[0]]);
                const set = chart && chart.data.datasets.find((d) => d.label === arguments[1]);
                return set ? set.data.reduce((a, b) => a + (b || 0), 0) : -1;""", chart, series);
        return ((Number) total).longValue();
    }

    private static String sessionKey() {
        return (String) script("return sessionStorage.getItem('ledger.instanceKey')");
    }

    private static Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static void screenshot(String name) throws IOException {
        record();
        Path file = screenshots.resolve(String.format("%02d-%s.png", ++shots, name));
        // the whole page, not only the part in view: the viewport made as tall as the page (as wide as it is, so
        // that nothing is laid out anew but the charts' redraw, waited for), captured, then given back
        long width = (Long) script("return window.innerWidth");
        long height = Math.min(4000, (Long) script("return document.documentElement.scrollHeight"));
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
        Map<String, Object> shot;
        try {
            Thread.sleep(400);
            shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Drains Chromium's network log into {@link #responses}, each with its body while Chromium still has it. */
    private static void record() {
        Map<String, String> methods = new java.util.HashMap<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).get("message");
            String method = message.get("method").asString();
            JsonNode params = message.get("params");
            if (method.equals("Network.requestWillBeSent")) {
                methods.put(params.get("requestId").asString(), params.at("/request/method").asString());
                String url = params.at("/request/url").asString();
                assertThat(url).as("a request URL").doesNotContain(instanceKey);
            } else if (method.equals("Network.responseReceived")) {
                String url = params.at("/response/url").asString();
                if (!url.startsWith("http")) {
                    continue;
                }
                String id = params.get("requestId").asString();
                String body;
                try {
                    Map<String, Object> result = browser.executeCdpCommand("Network.getResponseBody",
                            Map.of("requestId", id));
                    body = String.valueOf(result.get("body"));
                } catch (RuntimeException gone) {
                    body = ""; // not kept (e.g. a redirect); its URL and headers are still checked
                }
                responses.add(new Response(methods.getOrDefault(id, "GET"), url,
                        params.at("/response/status").asInt(), params.at("/response/headers").toString(), body));
            }
        }
    }

    /** The API with the ledger's own instance key, as any client calls it. */
    private static LedgerClient.Response send(String method, String path, String body) {
        return new LedgerClient(consoleUrl.replaceAll("/$", "")).sendAs("Bearer " + instanceKey, method, path, body);
    }
}
