package org.keyledger.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator relies on, on both services: health and readiness probes, Prometheus metrics (verify by outcome,
 * projection lag, usage buffer), the OpenAPI document and Swagger UI of the whole API, all without an instance key;
 * and logs as JSON lines that carry the request id and never a secret, even at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS, properties = {"logging.level.org.keyledger=DEBUG",
        "logging.level.org.springframework.web=DEBUG", "logging.level.org.axonframework=DEBUG",
        "logging.structured.format.console=ecs"})
class OperationsTest {

    private static SplitLedger ledger;

    @Test
    void healthLivenessAndReadinessAnswerWithoutAnInstanceKey() {
        for (String service : List.of(ledger.commandUrl(), ledger.queryUrl())) {
            for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
                LedgerClient.Response answer = get(service + probe);
                assertThat(answer.status()).as(service + probe).isEqualTo(200);
                assertThat(json(answer).get("status").asString()).isEqualTo("UP");
            }
        }
        JsonNode readiness = json(get(ledger.queryUrl() + "/actuator/health/readiness"));
        assertThat(readiness.at("/components/projection/status").asString()).isEqualTo("UP");
        assertThat(readiness.at("/components/projection/details/maxLagMillis").asLong()).isPositive();
        assertThat(readiness.at("/components/db/status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusCountsAndTimesVerifyByOutcomeAndShowsLagAndUsageBuffer() {
        JsonNode key = create("metrics");
        String before = get(ledger.queryUrl() + "/actuator/prometheus").body();
        verify("{\"secret\":\"" + key.get("secret").asString() + "\"}", 200);
        verify("{\"secret\":\"" + key.get("secret").asString() + "\"}", 200);
        verify("{\"secret\":\"ak_unknown\"}", 404);
        verify("{}", 400);

        LedgerClient.Response scrape = get(ledger.queryUrl() + "/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        String metrics = scrape.body();
        assertThat(count(metrics, "valid") - count(before, "valid")).isEqualTo(2);
        assertThat(count(metrics, "invalid") - count(before, "invalid")).isEqualTo(1);
        assertThat(count(metrics, "rejected") - count(before, "rejected")).isEqualTo(1);
        assertThat(metrics).contains("ledger_verify_seconds_bucket{").contains("service=\"query-service\"")
                .containsPattern("(?m)^ledger_projection_lag_seconds\\{[^}]*} 0\\.0$")
                .containsPattern("(?m)^ledger_usage_dropped_total\\{[^}]*} 0\\.0$")
                .containsPattern("(?m)^ledger_usage_pending\\{[^}]*} ")
                .containsPattern("(?m)^ledger_verify_waiting\\{[^}]*} 0\\.0$");
        assertThat(get(ledger.commandUrl() + "/actuator/prometheus").body()).contains("http_server_requests_seconds");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteOfBothServices() {
        JsonNode writes = json(get(ledger.commandUrl() + "/v3/api-docs/writes"));
        assertThat(writes.at("/paths/~1v1~1api_keys/post/operationId").isMissingNode()).isFalse();
        assertThat(writes.at("/paths/~1v1~1api_keys~1{id}").has("patch")).isTrue();
        assertThat(writes.at("/paths/~1v1~1api_keys~1{id}").has("delete")).isTrue();
        assertThat(writes.at("/paths/~1v1~1api_keys~1{id}~1revoke").has("post")).isTrue();
        assertThat(writes.at("/components/schemas/CreateApiKeyRequest/properties/seconds_until_expiration")
                .isMissingNode()).as(writes.toString()).isFalse();

        JsonNode reads = json(get(ledger.queryUrl() + "/v3/api-docs/reads"));
        assertThat(reads.at("/paths/~1v1~1api_keys").has("get")).isTrue();
        assertThat(reads.at("/paths/~1v1~1api_keys~1{id}").has("get")).isTrue();
        assertThat(reads.at("/paths/~1v1~1api_keys~1{id}~1secret").has("get")).isTrue();
        assertThat(reads.at("/paths/~1v1~1api_keys~1verify").has("post")).isTrue();
        assertThat(reads.at("/paths/~1v1~1api_keys~1{id}~1events").has("get")).isTrue();
        List<String> listParameters = new ArrayList<>();
        reads.at("/paths/~1v1~1api_keys/get/parameters").forEach(p -> listParameters.add(p.get("name").asString()));
        assertThat(listParameters).containsExactlyInAnyOrder("subject", "type", "include_invalid", "query", "limit",
                "offset");

        for (JsonNode document : List.of(writes, reads)) {
            assertThat(document.at("/components/securitySchemes/instanceKey/scheme").asString()).isEqualTo("bearer");
            assertThat(document.at("/components/schemas/ClerkError").isMissingNode()).isFalse();
            assertThat(document.toString()).doesNotContain("RequestMetadata").doesNotContain("/v1/bench");
            document.get("paths").propertyNames().forEach(path -> assertThat(path)
                    .matches("/v1/(api_keys|events$|metrics$|query_model/rebuild$).*"));
            document.get("paths").forEach(path -> path.forEach(operation ->
                    assertThat(operation.at("/responses/401").isMissingNode()).isFalse()));
        }

        JsonNode swaggerConfig = json(get(ledger.queryUrl() + "/v3/api-docs/swagger-config"));
        assertThat(swaggerConfig.get("urls").toString()).contains("/v3/api-docs/writes").contains("/v3/api-docs/reads");
        assertThat(get(ledger.queryUrl() + "/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void logsAreJsonLinesWithTheRequestIdAndNeverASecret(CapturedOutput output) {
        JsonNode key = create("logged");
        String id = key.get("id").asString();
        String secret = key.get("secret").asString();
        verify("{\"secret\":\"" + secret + "\"}", 200);
        assertThat(ledger.reads().send("GET", "/v1/api_keys/" + id + "/secret", null).body())
                .contains(secret);
        LedgerClient.Response revoke = ledger.writes().send("POST", "/v1/api_keys/" + id + "/revoke",
                "{\"revocation_reason\":\"rotated\"}");
        String requestId = revoke.headers().firstValue("X-Request-Id").orElseThrow();
        verify("{\"secret\":\"" + secret + "\"}", 404);

        String logs = output.getAll();
        assertThat(logs).doesNotContain(secret).doesNotContain(secret.substring(secret.length() - 20));
        String revokeLine = logs.lines().filter(line -> line.contains("RevokeApiKey " + id)).findFirst().orElseThrow();
        JsonNode entry = JsonMapper.shared().readTree(revokeLine.substring(revokeLine.indexOf('{')));
        assertThat(entry.get("requestId").asString()).isEqualTo(requestId);
        assertThat(entry.at("/log/level").asString()).isEqualTo("INFO");
    }

    private static long count(String metrics, String outcome) {
        var matcher = Pattern.compile("(?m)^ledger_verify_seconds_count\\{[^}]*outcome=\"" + outcome
                + "\"[^}]*} ([0-9.]+)$").matcher(metrics);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    private static JsonNode create(String name) {
        LedgerClient.Response created = ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}");
        assertThat(created.status()).isEqualTo(200);
        return JsonMapper.shared().readTree(created.body());
    }

    private static void verify(String body, int status) {
        assertThat(ledger.reads().send("POST", "/v1/api_keys/verify", body).status())
                .isEqualTo(status);
    }

    /** Without an instance key. */
    private static LedgerClient.Response get(String url) {
        return new LedgerClient(url).request("GET", "").noAuthorization().send();
    }

    private static JsonNode json(LedgerClient.Response answer) {
        return JsonMapper.shared().readTree(answer.body());
    }
}
