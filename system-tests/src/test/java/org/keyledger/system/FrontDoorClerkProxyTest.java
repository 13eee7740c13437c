package org.keyledger.system;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.SessionTokenSigner;
import tools.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.keyledger.platform.test.ClerkAssertions.ids;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * Clerk's {@code proxyUrl} through the front door: {@code /__clerk//api_keys…} reaches the ledger (writes the
 * command service, reads a query service), everything else under {@code /__clerk/} Clerk's Frontend API (here a
 * test double) with the headers Clerk's proxy guide requires.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class FrontDoorClerkProxyTest {

    private static final String CLERK_SECRET = "sk_test_clerk_instance_secret";
    private static final SessionTokenSigner SIGNER = SessionTokenSigner.generate();
    private static final List<Map<String, String>> FAPI_REQUESTS = new CopyOnWriteArrayList<>();

    private static SplitLedger ledger;
    private static FrontDoor frontDoor;
    private static LedgerClient door;
    private static HttpServer frontendApi;

    /** Checked before the ledger starts, so that without nginx no ledger is started for nothing. */
    @SplitLedgerProperties
    static List<String> sessionTokens() {
        if (System.getenv("LEDGER_REQUIRE_NGINX") == null) {
            assumeTrue(FrontDoor.available(), "nginx is not installed");
        }
        return List.of("ledger.session.jwt-key=" + SIGNER.publicKeyPem(),
                "ledger.session.authorized-parties=" + SessionTokenSigner.PARTY);
    }

    @BeforeAll
    static void start() throws Exception {
        frontendApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        frontendApi.createContext("/", exchange -> {
            var headers = exchange.getRequestHeaders();
            FAPI_REQUESTS.add(Map.of("uri", exchange.getRequestURI().toString(),
                    "method", exchange.getRequestMethod(),
                    "proxy", String.valueOf(headers.getFirst("Clerk-Proxy-Url")),
                    "secret", String.valueOf(headers.getFirst("Clerk-Secret-Key")),
                    "forwarded", String.valueOf(headers.getFirst("X-Forwarded-For"))));
            byte[] body = "{\"object\":\"environment\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        frontendApi.start();
        frontDoor = FrontDoor.start(ledger, FrontDoor.freePort(),
                "http://127.0.0.1:" + frontendApi.getAddress().getPort(), CLERK_SECRET);
        door = new LedgerClient(frontDoor.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (frontDoor != null) {
            frontDoor.close();
        }
        if (frontendApi != null) {
            frontendApi.stop(0);
        }
    }


    @Test
    void theFrontendApisRoutesGoToClerkWithTheProxyHeaders() {
        LedgerClient.Response environment = door.sendAs(null, "GET",
                "/__clerk/v1/environment?__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0", null);
        assertThat(environment.status()).isEqualTo(200);
        assertThat(environment.body()).contains("environment");
        LedgerClient.Response token = door.sendAs(null, "POST", "/__clerk/v1/client/sessions/sess_1/tokens", "{}");
        assertThat(token.status()).isEqualTo(200);

        assertThat(FAPI_REQUESTS).extracting(r -> r.get("method") + " " + r.get("uri")).contains(
                "GET /v1/environment?__clerk_api_version=2025-11-10&_clerk_js_version=6.40.0",
                "POST /v1/client/sessions/sess_1/tokens");
        assertThat(FAPI_REQUESTS).allSatisfy(r -> {
            assertThat(r.get("proxy")).isEqualTo(frontDoor.url() + "/__clerk");
            assertThat(r.get("secret")).isEqualTo(CLERK_SECRET);
            assertThat(r.get("forwarded")).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void theApiKeyRoutesUnderTheProxyUrlGoToTheLedger() {
        int before = FAPI_REQUESTS.size();
        String subject = newSubject();
        String bearer = "Bearer " + SIGNER.claims(subject).sign();
        for (String base : List.of("/__clerk//api_keys", "/__clerk/api_keys")) {
            JsonNode created = json(door.sendAs(bearer, "POST", base + "?_clerk_js_version=6.40.0",
                    "{\"type\":\"api_key\",\"name\":\"through" + base.length() + "\",\"subject\":\"" + subject
                            + "\"}"), 200);
            String id = created.get("id").asString();
            assertThat(ids(json(door.sendAs(bearer, "GET", base + "?subject=" + subject
                    + "&limit=10&offset=0", null, "Content-Type", "application/json"), 200))).contains(id);
            assertThat(json(door.sendAs(bearer, "POST", base + "/" + id + "/revoke", "{}"), 200)
                    .get("revoked").asBoolean()).isTrue();
            assertThat(ids(json(door.sendAs(bearer, "GET", base + "?subject=" + subject, null), 200)))
                    .doesNotContain(id);

            LedgerClient.Response preflight = door.sendAs(null, "OPTIONS", base, null,
                    "Origin", SessionTokenSigner.PARTY, "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "authorization,content-type");
            assertThat(preflight.status()).isEqualTo(200);
            assertThat(preflight.headers().allValues("Access-Control-Allow-Origin"))
                    .containsExactly(SessionTokenSigner.PARTY);
        }
        assertThat(FAPI_REQUESTS).hasSize(before);
    }
}
