package org.keyledger.system.robust;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests no SDK sends, each of a class that once escaped the envelope (a 500, or Tomcat's HTML page): every answer is
 * Clerk's envelope, exactly {@code application/json}, the 4xx that says what was wrong, and changes nothing.
 */
@SplitLedgerTest
class HostileRequestsTest {

    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + LedgerTestEnvironment.INSTANCE_KEY);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A subject of this class's own: the ledger is shared with other classes. */
    static final String SUBJECT = LedgerClient.newSubject();

    static SplitLedger ledger;
    static String keyId;
    static String secret;

    @BeforeAll
    static void start() {
        JsonNode created = JSON.readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"bystander\",\"subject\":\"" + SUBJECT + "\"}").body());
        keyId = created.get("id").asString();
        secret = created.get("secret").asString();
    }

    /** The envelope with this status and code, exactly application/json, nothing of the server's insides. */
    static JsonNode assertEnvelope(RawHttp.Answer answer, int status, String code) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as("%s", answer).isEqualTo("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("errors").path(0).path("code").asString()).as("%s", answer).isEqualTo(code);
        assertThat(body.path("clerk_trace_id").asString()).isNotEmpty();
        assertThat(answer.body()).doesNotContain("Exception", "org.", "java.", "at ");
        return body;
    }

    private static RawHttp.Answer command(String method, String target) {
        return RawHttp.send(ledger.commandUrl(), method, target, AUTH);
    }

    private static RawHttp.Answer query(String method, String target) {
        return RawHttp.send(ledger.queryUrl(), method, target, AUTH);
    }

    @Test
    void aMethodARouteLacksIs405InTheEnvelopeWithAllow() {
        for (String method : List.of("TRACE", "PROPFIND", "PUT", "OPTIONS", "DELETE", "PATCH")) {
            RawHttp.Answer answer = query(method, "/v1/api_keys");
            assertEnvelope(answer, 405, "method_not_allowed");
            assertThat(answer.header("Allow")).as(method).contains("GET");
        }
        RawHttp.Answer post = command("POST", "/v1/api_keys/" + keyId);
        assertEnvelope(post, 405, "method_not_allowed");
        assertThat(post.header("Allow")).contains("PATCH", "DELETE");
        for (String method : List.of("TRACE", "PUT", "OPTIONS", "GET")) {
            RawHttp.Answer answer = command(method, "/v1/api_keys");
            assertEnvelope(answer, 405, "method_not_allowed");
            assertThat(answer.header("Allow")).as(method).contains("POST");
        }
        assertEnvelope(query("CONNECT", "/v1/api_keys"), 405, "method_not_allowed"); // Tomcat's own 501
        RawHttp.Answer verify = query("PUT", "/v1/api_keys/verify");
        assertEnvelope(verify, 405, "method_not_allowed");
        assertThat(verify.header("Allow")).contains("POST");
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        RawHttp.Answer get = query("GET", "/v1/api_keys/" + keyId);
        RawHttp.Answer head = query("HEAD", "/v1/api_keys/" + keyId);
        assertThat(get.status()).isEqualTo(200);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo("application/json");
        assertThat(head.body()).isEmpty();
        RawHttp.Answer missing = query("HEAD", "/v1/api_keys/ak_00000000000000000000000000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aMalformedQueryStringIs400() {
        for (String query : List.of("?%", "?%?a=b", "?subject=%", "?limit=%G1", "?%ZZ=1")) {
            assertEnvelope(query("GET", "/v1/api_keys" + query), 400, "bad_request");
            assertEnvelope(query("GET", "/v1/api_keys/" + keyId + query), 400, "bad_request");
        }
    }

    @Test
    void whatTomcatRejectsBeforeSpringIsStillTheEnvelope() {
        for (String path : List.of("/v1/api_keys/%ZZ", "/v1/api_keys/%00", "/v1/api_keys/..%2F..%2Fetc",
                "/v1/api_keys/%2e%2e/%2e%2e/secret", "/v1/api_keys/a%5Cb", "/v1/%2Fapi_keys", "/v1/api_keys/;%",
                "/v1/api_keys/x;a=%/x")) {
            RawHttp.Answer answer = query("GET", path);
            assertThat(answer.status()).as(path).isBetween(400, 499);
            assertEnvelope(answer, answer.status(), answer.status() == 404 ? "resource_not_found" : "bad_request");
            assertEnvelope(command("PATCH", path), command("PATCH", path).status(),
                    command("PATCH", path).status() == 404 ? "resource_not_found" : "bad_request");
        }
        RawHttp.Answer longQuery = query("GET", "/v1/api_keys?subject=" + "a".repeat(20_000));
        assertThat(longQuery.status()).isBetween(400, 499);
        assertEnvelope(longQuery, longQuery.status(), longQuery.status() == 431 ? "request_header_fields_too_large"
                : "bad_request");
        RawHttp.Answer longHeader = RawHttp.send(ledger.queryUrl(), "GET", "/v1/api_keys/" + keyId,
                Map.of("Authorization", AUTH.get("Authorization"), "X-Junk", "x".repeat(20_000)));
        assertEnvelope(longHeader, 431, "request_header_fields_too_large");
    }

    @Test
    void upperCaseIdsAreNever500() {
        String upper = keyId.toUpperCase(java.util.Locale.ROOT);
        for (String method : List.of("GET", "PATCH", "DELETE", "POST", "PUT", "HEAD")) {
            for (String path : List.of("/v1/api_keys/" + upper, "/v1/api_keys/" + upper + "/revoke",
                    "/v1/api_keys/" + upper + "/secret", "/v1/api_keys/" + upper + "/events")) {
                assertThat(query(method, path).status()).as("%s %s", method, path).isLessThan(500);
                assertThat(command(method, path).status()).as("%s %s", method, path).isLessThan(500);
            }
        }
        assertThat(query("GET", "/v1/api_keys/" + keyId).status()).isEqualTo(200);
    }

    @Test
    void aBodyOver64KiBIs413() {
        String big = "{\"name\":\"big\",\"subject\":\"" + SUBJECT + "\",\"description\":\""
                + "d".repeat(70 * 1024) + "\"}";
        RawHttp.Answer answer = RawHttp.send(ledger.commandUrl(), "POST", "/v1/api_keys",
                Map.of("Authorization", AUTH.get("Authorization"), "Content-Type", "application/json"),
                big.getBytes(StandardCharsets.UTF_8));
        assertEnvelope(answer, 413, "request_body_too_large");
        RawHttp.Answer verify = RawHttp.send(ledger.queryUrl(), "POST", "/v1/api_keys/verify",
                Map.of("Authorization", AUTH.get("Authorization"), "Content-Type", "application/json"),
                ("{\"secret\":\"" + "s".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertEnvelope(verify, 413, "request_body_too_large");
    }

    @Test
    void doubledSlashesAreReadAsOne() { // found by HttpFuzzTest: "//" forwarded to itself until the stack overflowed
        RawHttp.Answer root = RawHttp.send(ledger.queryUrl(), "GET", "/", AUTH);
        for (String path : List.of("//", "///")) {
            RawHttp.Answer answer = RawHttp.send(ledger.queryUrl(), "GET", path, AUTH);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).isEqualTo(root.body());
        }
    }

    @Test
    void aWildcardContentTypeIs415() { // found by HttpFuzzTest: Spring MVC threw on it (500)
        for (String type : new String[] {"*/*", "application/*"}) {
            RawHttp.Answer answer = RawHttp.send(ledger.commandUrl(), "POST", "/v1/api_keys",
                    Map.of("Authorization", AUTH.get("Authorization"), "Content-Type", type),
                    ("{\"name\":\"wild\",\"subject\":\"" + SUBJECT + "\"}").getBytes(StandardCharsets.UTF_8));
            assertEnvelope(answer, 415, "unsupported_media_type");
        }
    }

    @Test
    void deepJsonNestingIs400() {
        String deep = "{\"name\":\"deep\",\"subject\":\"" + SUBJECT + "\",\"claims\":"
                + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}";
        RawHttp.Answer answer = RawHttp.send(ledger.commandUrl(), "POST", "/v1/api_keys",
                Map.of("Authorization", AUTH.get("Authorization"), "Content-Type", "application/json"),
                deep.getBytes(StandardCharsets.UTF_8));
        assertEnvelope(answer, 400, "bad_request");
        String deepArray = "{\"secret\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        RawHttp.Answer verify = RawHttp.send(ledger.queryUrl(), "POST", "/v1/api_keys/verify",
                Map.of("Authorization", AUTH.get("Authorization"), "Content-Type", "application/json"),
                deepArray.getBytes(StandardCharsets.UTF_8));
        assertThat(verify.status()).isEqualTo(400);
        assertEnvelope(verify, 400, verify.status() == 400 ? JSON.readTree(verify.body()).path("errors").path(0)
                .path("code").asString() : "bad_request");
    }

    @Test
    void theBystanderStillVerifies() {
        var verified = ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + secret + "\"}");
        assertThat(verified.status()).isEqualTo(200);
    }
}
