package org.keyledger.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.SessionTokenSigner;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.ids;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * Clerk's {@code proxyUrl} pointed at local mode: {@code /__clerk//api_keys…} is answered by the ledger itself,
 * everything else under {@code /__clerk/} goes to Clerk's Frontend API (here a recording double) with the headers
 * Clerk's proxy guide requires, as the front door does ({@link FrontDoorClerkProxyTest}); what comes back is the
 * Frontend API's answer as it was, without the instance's secret key.
 */
class LocalModeClerkProxyTest {

    private static final String CLERK_SECRET = "sk_test_local_mode_clerk_secret";
    private static final SessionTokenSigner SIGNER = SessionTokenSigner.generate();
    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    private static HttpServer frontendApi;
    private static LocalLedger ledger;
    private static LedgerClient browser;

    /** What the Frontend API double received. */
    record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(" | ", values);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        frontendApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        frontendApi.createContext("/", LocalModeClerkProxyTest::answer);
        frontendApi.start();
        ledger = LocalLedger.start("ledger.session.jwt-key=" + SIGNER.publicKeyPem(),
                "ledger.session.authorized-parties=" + SessionTokenSigner.PARTY,
                "clerk.frontend-api=http://127.0.0.1:" + frontendApi.getAddress().getPort(),
                "clerk.secret-key=" + CLERK_SECRET);
        browser = new LedgerClient(ledger.url());
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
        if (frontendApi != null) {
            frontendApi.stop(0);
        }
    }

    /**
     * Records the request; answers {@code /v1/redirect} with a 307, anything else with 201 for a POST (200
     * otherwise), two cookies, the body it got, and — as a careless upstream might — the secret key it was sent.
     */
    private static void answer(HttpExchange exchange) throws IOException {
        String received = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var headers = exchange.getRequestHeaders();
        SEEN.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), Map.copyOf(headers),
                received));
        var out = exchange.getResponseHeaders();
        if (exchange.getRequestURI().getPath().equals("/v1/redirect")) {
            out.add("Location", "https://accounts.example.com/sign-in");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
            return;
        }
        byte[] body = ("{\"object\":\"client\",\"echo\":\"" + received.replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        out.add("Content-Type", "application/json");
        out.add("Set-Cookie", "__client=one; Path=/");
        out.add("Set-Cookie", "__client_uat=two; Path=/");
        out.add("Clerk-Secret-Key", String.valueOf(headers.getFirst("Clerk-Secret-Key")));
        exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 201 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Seen last() {
        return SEEN.get(SEEN.size() - 1);
    }

    @Test
    void aGetGoesToTheFrontendApiWithItsQueryAndTheProxyHeaders() {
        LedgerClient.Response environment = browser.sendAs(null, "GET",
                "/__clerk/v1/environment?__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0&q=a%2Cb", null,
                "Origin", SessionTokenSigner.PARTY, "Cookie", "__client=abc");
        assertThat(environment.status()).isEqualTo(200);
        assertThat(environment.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(environment.body()).startsWith("{\"object\":\"client\"");

        Seen seen = last();
        assertThat(seen.method() + " " + seen.uri()).isEqualTo(
                "GET /v1/environment?__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0&q=a%2Cb");
        assertThat(seen.header("Clerk-proxy-url")).isEqualTo(ledger.url() + "/__clerk");
        assertThat(seen.header("Clerk-secret-key")).isEqualTo(CLERK_SECRET);
        assertThat(seen.header("X-forwarded-for")).isEqualTo("127.0.0.1");
        // the browser's own headers go on as sent; the Frontend API is addressed by its own host name
        assertThat(seen.header("Origin")).isEqualTo(SessionTokenSigner.PARTY);
        assertThat(seen.header("Cookie")).isEqualTo("__client=abc");
        assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + frontendApi.getAddress().getPort());
    }

    @Test
    void aPostGoesWithItsBodyAndTheAnswerComesBackAsItWasButForTheSecretKey() {
        LedgerClient.Response token = browser.request("POST", "/__clerk//v1/client/sessions/sess_1/tokens?x=1")
                .body("organization_id=org_1&a=%22b%22", "application/x-www-form-urlencoded")
                // a browser cannot choose what the Frontend API sees as the instance's secret or the proxy's URL
                .header("Clerk-Secret-Key", "sk_live_spoofed").header("Clerk-Proxy-Url", "https://evil.example")
                .header("X-Forwarded-For", "203.0.113.7").send();
        assertThat(token.status()).isEqualTo(201);
        assertThat(token.headers().allValues("Set-Cookie"))
                .containsExactly("__client=one; Path=/", "__client_uat=two; Path=/");
        assertThat(token.headers().map()).allSatisfy((name, values) -> {
            assertThat(name).isNotEqualToIgnoringCase("Clerk-Secret-Key");
            assertThat(values).noneMatch(v -> v.contains(CLERK_SECRET));
        });
        assertThat(token.body()).isEqualTo("{\"object\":\"client\",\"echo\":\"organization_id=org_1&a=%22b%22\"}");

        Seen seen = last();
        assertThat(seen.method() + " " + seen.uri()).isEqualTo("POST //v1/client/sessions/sess_1/tokens?x=1");
        assertThat(seen.header("Content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(seen.body()).isEqualTo("organization_id=org_1&a=%22b%22");
        assertThat(seen.header("Clerk-secret-key")).isEqualTo(CLERK_SECRET);
        assertThat(seen.header("Clerk-proxy-url")).isEqualTo(ledger.url() + "/__clerk");
        // the client address the ledger itself sees: loopback is a trusted proxy (server.forward-headers-strategy),
        // whose X-Forwarded-For Tomcat has already taken as the client's
        assertThat(seen.header("X-forwarded-for")).isEqualTo("203.0.113.7");
    }

    @Test
    void aRedirectIsTheBrowsersToFollow() {
        LedgerClient.Response redirect = browser.sendAs(null, "GET", "/__clerk/v1/redirect", null);
        assertThat(redirect.status()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Location")).hasValue("https://accounts.example.com/sign-in");
    }

    @Test
    void theApiKeyRoutesUnderTheProxyUrlAreTheLedgersOwn() {
        int before = SEEN.size();
        String subject = newSubject();
        String bearer = "Bearer " + SIGNER.claims(subject).sign();
        for (String base : List.of("/__clerk//api_keys", "/__clerk/api_keys")) {
            JsonNode created = json(browser.sendAs(bearer, "POST", base + "?_clerk_js_version=6.40.0",
                    "{\"type\":\"api_key\",\"name\":\"local" + base.length() + "\",\"subject\":\"" + subject
                            + "\"}"), 200);
            String id = created.get("id").asString();
            assertThat(ids(json(browser.sendAs(bearer, "GET", base + "?subject=" + subject, null), 200)))
                    .contains(id);
            assertThat(json(browser.sendAs(bearer, "POST", base + "/" + id + "/revoke", "{}"), 200)
                    .get("revoked").asBoolean()).isTrue();

            LedgerClient.Response preflight = browser.sendAs(null, "OPTIONS", base, null,
                    "Origin", SessionTokenSigner.PARTY, "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization,content-type");
            assertThat(preflight.status()).isEqualTo(200);
            assertThat(preflight.headers().allValues("Access-Control-Allow-Origin"))
                    .containsExactly(SessionTokenSigner.PARTY);
            // without a token, the ledger's own answer, not the Frontend API's
            assertThat(json(browser.sendAs(null, "GET", base, null), 401).at("/errors/0/code").asString())
                    .isEqualTo("authentication_invalid");
        }
        assertThat(SEEN).hasSize(before);
    }
}
