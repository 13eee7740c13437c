package org.keyledger.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.SessionTokenSigner;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.keyledger.platform.test.ClerkAssertions.ids;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * Clerk's own browser SDK against the ledger, in headless Chromium: a page loads {@code @clerk/clerk-js} 6.40.0 and
 * {@code @clerk/ui} 1.36.0 (their npm packages, pinned) with {@code proxyUrl} pointing at the ledger, which answers
 * {@code //api_keys…} itself and sends the rest to a test double of Clerk's Frontend API. The same tests run against
 * each way of deploying it: through the front door ({@link ClerkBrowserFrontDoorTest}) and in local mode
 * ({@link ClerkBrowserLocalModeTest}). The page is on another origin than the ledger, so every ledger call is a real
 * CORS request. Screenshots go to {@code target/clerk-browser/<class>/}. CI installs chromium, chromium-driver, npm
 * and nginx ({@code LEDGER_REQUIRE_BROWSER=1} makes their absence a failure rather than a skip).
 */
abstract class ClerkBrowserTest {

    static final String CLERK_SECRET_KEY = "sk_test_clerk_browser";
    private static final String CLERK_JS = "@clerk/clerk-js@6.40.0";
    private static final String CLERK_UI = "@clerk/ui@1.36.0";
    private static final Path TARGET = Path.of("target", "clerk-browser");
    private static final SessionTokenSigner SIGNER = SessionTokenSigner.generate();
    private static final String ORG = newSubject().replace("user_", "org_");

    /** The signed-in user (one per test, so that tests never see each other's keys) and their organization role. */
    private static volatile String user;
    private static volatile String role;

    static ClerkFrontendApiDouble clerk;
    private WebDriver browser;

    /** Clerk's {@code proxyUrl}: the ledger's {@code /__clerk} as the browser reaches it. */
    abstract String proxyUrl();

    /** The ledger's backend API, with the instance key (verify, list). */
    abstract LedgerClient backend();

    /**
     * The Frontend API double (and the npm packages it serves), and the ledger's session settings: the page's origin
     * is the one authorized party, so this comes before the ledger starts; without the browser (or, through the front
     * door, nginx) nothing is started.
     */
    static List<String> startClerk(boolean needsNginx) throws IOException, InterruptedException {
        boolean required = System.getenv("LEDGER_REQUIRE_BROWSER") != null;
        if (!required) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromedriver"))
                    && Files.isExecutable(Path.of("/usr/bin/npm")), "chromium-driver or npm missing");
        }
        if (needsNginx && System.getenv("LEDGER_REQUIRE_NGINX") == null) {
            assumeTrue(FrontDoor.available(), "nginx is not installed");
        }
        Path clerkJs = unpack(CLERK_JS, "clerk-js");
        Path clerkUi = unpack(CLERK_UI, "clerk-ui");
        clerk = new ClerkFrontendApiDouble(clerkJs, clerkUi, () -> user, ClerkBrowserTest::sessionToken);
        return List.of("ledger.session.jwt-key=" + SIGNER.publicKeyPem(),
                "ledger.session.authorized-parties=" + clerk.origin());
    }

    @AfterAll
    static void stopClerk() {
        if (clerk != null) {
            clerk.close();
            clerk = null;
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String sessionToken() {
        var claims = SIGNER.claims(user).with("azp", clerk.origin()).with("sid", "sess_ledger");
        return (role == null ? claims : claims.organization(ORG, role, null)).sign();
    }

    /** The package's {@code dist}, from {@code npm pack} (pinned version; cached under target/npm). */
    private static Path unpack(String spec, String name) throws IOException, InterruptedException {
        Path dir = Path.of("target", "npm", name);
        Path dist = dir.resolve("package").resolve("dist");
        if (Files.isDirectory(dist)) {
            return dist.toAbsolutePath();
        }
        Files.createDirectories(dir);
        run(dir, "npm", "pack", "--silent", spec);
        try (var tarballs = Files.list(dir)) {
            Path tarball = tarballs.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
            run(dir, "tar", "xzf", tarball.getFileName().toString());
        }
        return dist.toAbsolutePath();
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command),
                Files.readString(dir.resolve("npm.log"))).isZero();
    }


    private Path target() throws IOException {
        return Files.createDirectories(TARGET.resolve(getClass().getSimpleName())).toAbsolutePath();
    }

    private void open(String page) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,900", "--user-data-dir=" + target().resolve("profile-" + System.nanoTime()));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.get(clerk.page(page, proxyUrl()));
        assertThat(script("return await window.__loaded;")).isEqualTo("user=" + user);
    }

    /** Runs an async function body in the page and returns its JSON-able result. */
    private Object script(String body) {
        return ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => { %s })().then(done, e => done('thrown: ' + (e && (e.errors ? JSON.stringify(e.errors) : e))));
                """.formatted(body));
    }

    private JsonNode inPage(String body) {
        Object result = script("return JSON.stringify(await (async () => { " + body + " })());");
        return JsonMapper.shared().readTree(String.valueOf(result));
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target().resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void clerkJsCreatesListsPagesSearchesAndRevokesAUsersKeys() throws IOException {
        user = newSubject();
        role = null;
        open("user.html");
        JsonNode created = inPage("return await Clerk.apiKeys.create({name: 'deploy,main', "
                + "secondsUntilExpiration: 86400, description: 'from clerk-js'});");
        assertThat(created.get("secret").asString()).startsWith("ak_");
        assertThat(created.get("subject").asString()).isEqualTo(user);
        assertThat(created.get("createdBy").asString()).isEqualTo(user);
        for (String name : List.of("second", "third")) {
            inPage("return await Clerk.apiKeys.create({name: '" + name + "'});");
        }

        JsonNode all = inPage("return await Clerk.apiKeys.getAll();");
        assertThat(all.get("total_count").asInt()).isEqualTo(3);
        assertThat(all.get("data")).allSatisfy(key -> assertThat(key.has("secret") && !key.get("secret").isNull())
                .isFalse());
        JsonNode secondPage = inPage("return await Clerk.apiKeys.getAll({pageSize: 2, initialPage: 2});");
        assertThat(secondPage.get("total_count").asInt()).isEqualTo(3);
        assertThat(secondPage.get("data")).hasSize(1);
        JsonNode searched = inPage("return await Clerk.apiKeys.getAll({query: 'deploy,main'});");
        assertThat(searched.get("data")).extracting(k -> k.get("id").asString())
                .containsExactly(created.get("id").asString());

        JsonNode revoked = inPage("return await Clerk.apiKeys.revoke({apiKeyID: '" + created.get("id").asString()
                + "', revocationReason: 'rotated'});");
        assertThat(revoked.get("revoked").asBoolean()).isTrue();
        assertThat(inPage("return await Clerk.apiKeys.getAll();").get("total_count").asInt()).isEqualTo(2);
        assertThat(backend().send("POST", "/v1/api_keys/verify", "{\"secret\":\""
                + created.get("secret").asString() + "\"}").status()).isEqualTo(404);
        screenshot("user-keys");
    }

    @Test
    void anOrganizationManagerCreatesItsKeysAndAPlainMemberCannot() throws IOException {
        user = newSubject();
        role = "admin";
        open("manager.html");
        JsonNode created = inPage("return await Clerk.apiKeys.create({name: 'team', subject: '" + ORG + "'});");
        assertThat(created.get("subject").asString()).isEqualTo(ORG);
        assertThat(created.get("createdBy").asString()).isEqualTo(user);
        browser.quit();

        role = "member";
        open("member.html");
        JsonNode listed = inPage("return await Clerk.apiKeys.getAll({subject: '" + ORG + "'});");
        assertThat(listed.get("data")).extracting(k -> k.get("id").asString())
                .containsExactly(created.get("id").asString());
        Object refused = script("const key = await Clerk.apiKeys.create({name: 'by-member', subject: '" + ORG
                + "'}); return key ? 'created ' + key.id : 'refused';");
        assertThat(String.valueOf(refused)).doesNotStartWith("created");
        assertThat(ids(json(backend().get("/v1/api_keys?subject=" + ORG), 200)))
                .containsExactly(created.get("id").asString());
    }

    @Test
    void clerksApiKeysComponentCreatesShowsTheSecretOnceAndRevokes() throws IOException {
        user = newSubject();
        role = null;
        open("component.html");
        script("Clerk.mountAPIKeys(document.getElementById('keys')); return 'mounted';");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        WebElement add = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-localization-key='apiKeys.action__add']")));
        screenshot("component-mounted");
        add.click();
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[name='name']")));
        name.sendKeys("from-the-component");
        screenshot("component-form");
        button("Create key").click();
        // the copy-secret dialog: the secret is shown once, in full
        String secret = (String) wait.until(b -> script("for (const e of document.querySelectorAll('input, code, "
                + "span, p, div')) { const v = (e.value || (e.children.length === 0 ? e.textContent : '') || '')"
                + ".trim(); if (v.startsWith('ak_') && v.length > 40) return v; } return null;"));
        screenshot("component-secret");
        JsonNode verified = json(backend().send("POST", "/v1/api_keys/verify", "{\"secret\":\"" + secret
                + "\"}"), 200);
        assertThat(verified.get("name").asString()).isEqualTo("from-the-component");
        assertThat(verified.get("created_by").asString()).isEqualTo(user);
        localized("apiKeys.copySecret.formButtonPrimary__copyAndClose").click();
        By row = By.xpath("//tr[.//*[normalize-space()='from-the-component']]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        // the copy dialog and the form fade out for a moment, and a click meanwhile may be lost: open the row's
        // menu (again) until its revoke item shows
        By revokeItem = By.xpath("//*[normalize-space()='Revoke key' and (self::button or @role='menuitem')]");
        WebElement revoke = wait.ignoring(ElementClickInterceptedException.class)
                .ignoring(StaleElementReferenceException.class)
                .until(b -> {
                    List<WebElement> items = b.findElements(revokeItem);
                    if (!items.isEmpty() && items.get(0).isDisplayed()) {
                        return items.get(0);
                    }
                    WebElement menu = b.findElement(row).findElement(By.cssSelector("button[aria-label='Open menu']"));
                    if (!"true".equals(menu.getAttribute("aria-expanded"))) {
                        menu.click();
                    }
                    return null;
                });
        screenshot("component-row");
        wait.until(ExpectedConditions.elementToBeClickable(revoke)).click();
        String revokeButton = "apiKeys.revokeConfirmation.formButtonPrimary__revoke";
        WebElement confirmation = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//form[.//*[@data-localization-key='" + revokeButton + "']]//input[not(@type='hidden')]")));
        confirmation.sendKeys("Revoke"); // the dialog asks the user to type it
        screenshot("component-revoke-dialog");
        localized(revokeButton).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.xpath("//tr[.//*[normalize-space()='from-the-component']]")));
        screenshot("component-revoked");
        assertThat(backend().send("POST", "/v1/api_keys/verify", "{\"secret\":\"" + secret + "\"}")
                .status()).isEqualTo(404);
    }

    private WebElement button(String text) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space()='" + text + "']")));
    }

    /** A control of Clerk's UI by its localization key, which stays when the wording changes. */
    private WebElement localized(String key) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-localization-key='" + key + "']")));
    }
}
