package org.keyledger.system;

import com.clerk.backend_api.Clerk;
import com.clerk.backend_api.models.errors.ClerkError;
import com.clerk.backend_api.models.operations.CreateApiKeyRequestBody;
import com.clerk.backend_api.models.operations.GetApiKeysRequest;
import com.clerk.backend_api.models.operations.RevokeApiKeyRequestBody;
import com.clerk.backend_api.models.operations.UpdateApiKeyRequestBody;
import com.clerk.backend_api.models.operations.VerifyApiKeyRequestBody;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One base URL for all eight operations, as Clerk's SDKs need: the front door sends every write to the command
 * service and every read, verify and audit to the query service. CI installs nginx; elsewhere the test needs it
 * too ({@code LEDGER_REQUIRE_NGINX=1} turns a missing nginx into a failure rather than a skip).
 */
@SplitLedgerTest
class FrontDoorTest {

    private static SplitLedger ledger;
    private static FrontDoor frontDoor;

    @BeforeAll
    static void start() throws Exception {
        if (System.getenv("LEDGER_REQUIRE_NGINX") == null) {
            assumeTrue(FrontDoor.available(), "nginx is not installed");
        }
        frontDoor = FrontDoor.start(ledger);
    }

    @AfterAll
    static void stop() throws Exception {
        if (frontDoor != null) {
            frontDoor.close();
        }
    }


    @Test
    void clerksJavaSdkRunsAKeysWholeLifeThroughOneBaseUrl() {
        Clerk clerk = Clerk.builder().serverURL(frontDoor.url() + "/v1")
                .bearerAuth(LedgerTestEnvironment.INSTANCE_KEY).build();
        var created = clerk.apiKeys().createApiKey(CreateApiKeyRequestBody.builder()
                .name("front-door").subject(SplitLedger.SUBJECT).build()).object().orElseThrow();
        String id = created.id();

        assertThat(clerk.apiKeys().getApiKey(id).object().orElseThrow().name()).isEqualTo("front-door");
        assertThat(clerk.apiKeys().getApiKeys(GetApiKeysRequest.builder().subject(SplitLedger.SUBJECT).build())
                .object().orElseThrow().data()).extracting(k -> k.id()).contains(id);
        clerk.apiKeys().updateApiKey(id, UpdateApiKeyRequestBody.builder().scopes(List.of("x")).build());
        assertThat(clerk.apiKeys().getApiKeySecret(id).object().orElseThrow().secret()).isEqualTo(created.secret());
        assertThat(clerk.apiKeys().verifyApiKey(VerifyApiKeyRequestBody.builder().secret(created.secret()).build())
                .object().orElseThrow().scopes()).containsExactly("x");
        clerk.apiKeys().revokeApiKey(id, RevokeApiKeyRequestBody.builder().build());
        assertThatThrownBy(() -> clerk.apiKeys().verifyApiKey(
                VerifyApiKeyRequestBody.builder().secret(created.secret()).build()))
                .isInstanceOfSatisfying(ClerkError.class, e -> assertThat(e.code()).isEqualTo(404));
        assertThat(clerk.apiKeys().deleteApiKey(id).object().orElseThrow().deleted()).isTrue();
    }

    /** {@code @clerk/backend} never adds /v1 for API keys; each route must reach the right service there too. */
    @Test
    void routesEachOperationToItsServiceWithoutTheV1Prefix() {
        LedgerClient door = new LedgerClient(frontDoor.url());
        String base = "/api_keys";
        LedgerClient.Response created = door.send("POST", base,
                "{\"name\":\"bare-prefix\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}");
        assertThat(created.status()).isEqualTo(200);
        JsonNode key = JsonMapper.shared().readTree(created.body());
        String id = key.get("id").asString();
        String secret = "{\"secret\":\"" + key.get("secret").asString() + "\"}";

        assertThat(door.send("GET", base + "?subject=" + SplitLedger.SUBJECT, null).status()).isEqualTo(200);
        assertThat(door.send("GET", base + "/" + id, null).status()).isEqualTo(200);
        assertThat(door.send("PATCH", base + "/" + id, "{\"description\":\"d\"}").status()).isEqualTo(200);
        assertThat(door.send("GET", base + "/" + id + "/secret", null).status()).isEqualTo(200);
        assertThat(door.send("POST", base + "/verify", secret).status()).isEqualTo(200);
        assertThat(door.send("POST", base + "/" + id + "/revoke", null).status()).isEqualTo(200);
        assertThat(door.send("POST", base + "/verify", secret).status()).isEqualTo(404);
        assertThat(door.send("DELETE", base + "/" + id, null).status()).isEqualTo(200);
        LedgerClient.Response audit = door.send("GET", base + "/" + id + "/events", null);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(JsonMapper.shared().readTree(audit.body()).get("total_count").asInt()).isEqualTo(4);
        // the client's address reaches the audit trail through the proxy's X-Forwarded-For
        assertThat(audit.body()).contains("\"client_address\":\"127.0.0.1\"");
    }

    /**
     * The routing table itself, against two stand-ins that answer with their own name: every write to the command
     * service, the OpenAPI document of the writes too; everything else (reads, verify, audit, the other OpenAPI
     * documents, Swagger UI, actuator) to the query service.
     */
    @Test
    void routesEachPathToTheServiceThatOwnsIt() throws Exception {
        HttpServer command = nameAnsweringServer("command");
        HttpServer query = nameAnsweringServer("query");
        try (FrontDoor door = FrontDoor.start("127.0.0.1:" + command.getAddress().getPort(),
                "127.0.0.1:" + query.getAddress().getPort())) {
            Map<String, String> routes = Map.ofEntries(
                    Map.entry("POST /v1/api_keys", "command"),
                    Map.entry("POST /api_keys", "command"),
                    Map.entry("PATCH /v1/api_keys/ak_1", "command"),
                    Map.entry("DELETE /api_keys/ak_1", "command"),
                    Map.entry("POST /v1/api_keys/ak_1/revoke", "command"),
                    Map.entry("GET /v3/api-docs/writes", "command"),
                    Map.entry("GET /v3/api-docs/writes/", "command"),
                    Map.entry("GET /v3/api-docs/writes/anything/below", "command"),
                    Map.entry("GET /v3/api-docs.yaml/writes", "command"),
                    Map.entry("GET /v1/api_keys", "query"),
                    Map.entry("GET /api_keys/ak_1", "query"),
                    Map.entry("GET /v1/api_keys/ak_1/secret", "query"),
                    Map.entry("GET /v1/api_keys/ak_1/events", "query"),
                    Map.entry("POST /v1/api_keys/verify", "query"),
                    Map.entry("POST /api_keys/verify", "query"),
                    Map.entry("GET /v3/api-docs", "query"),
                    Map.entry("GET /v3/api-docs/reads", "query"),
                    Map.entry("GET /v3/api-docs/writes-and-more", "query"),
                    Map.entry("GET /swagger-ui/index.html", "query"),
                    Map.entry("GET /actuator/health/readiness", "query"));
            LedgerClient client = new LedgerClient(door.url());
            routes.forEach((route, service) -> {
                String[] methodAndPath = route.split(" ", 2);
                LedgerClient.Response response = client.send(methodAndPath[0], methodAndPath[1],
                        "POST".equals(methodAndPath[0]) ? "{}" : null);
                assertThat(response.body()).as(route).isEqualTo(service);
            });
        } finally {
            command.stop(0);
            query.stop(0);
        }
    }

    private static HttpServer nameAnsweringServer(String name) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
