package org.keyledger.system.robust;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile HTTP, generated: methods × paths × query strings × bodies × headers against both services of a running
 * split ledger, over raw sockets (so that what clients refuse to send is sent too). For every answer: below 500,
 * Clerk's envelope for every error, exactly {@code application/json}, nothing of the server's insides; and a
 * bystander key no request names stays exactly as it was and keeps verifying. {@code jqwik.tries.default} (1500 in
 * junit-platform.properties) sets how many requests: {@code -Djqwik.tries.default=20000} for a longer run.
 */
class HttpFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BEARER = "Bearer " + LedgerTestEnvironment.INSTANCE_KEY;

    static SplitLedger ledger;
    static String victimId;
    static String bystanderSecret;
    static ObjectNode bystander;
    static final AtomicInteger tries = new AtomicInteger();

    @BeforeContainer
    static void start() {
        ledger = SplitLedger.startOwn(); // jqwik's engine, not Jupiter's: no SplitLedgerTest here
        victimId = JSON.readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"victim\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body()).get("id").asString();
        JsonNode created = JSON.readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"bystander\",\"subject\":\"user_BystanderBystanderBystander\",\"scopes\":[\"read\"]}").body());
        bystanderSecret = created.get("secret").asString();
        bystander = bystanderNow();
    }

    @AfterContainer
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    /** One generated request. */
    record Hostile(boolean toQueryService, String method, String path, String query, Map<String, String> headers,
                   byte[] body) {
        @Override
        public String toString() {
            return (toQueryService ? "query " : "command ") + method + " " + path + query + " " + headers.keySet()
                    + " body=" + (body == null ? "none" : body.length > 200
                    ? new String(body, 0, 200, StandardCharsets.ISO_8859_1) + "…(" + body.length + ")"
                    : new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    @Property
    void everyAnswerIsTheEnvelopeAndTheBystanderIsUntouched(@ForAll("requests") Hostile request) {
        RawHttp.Answer answer = RawHttp.send(request.toQueryService() ? ledger.queryUrl() : ledger.commandUrl(),
                request.method(), request.path() + request.query(), request.headers(), request.body());

        assertThat(answer.status()).as("%s → %s", request, answer).isBetween(200, 499);
        if (answer.status() < 400 && isConsoleFile(request)) {
            return; // the operator console's page and files answer their own types (ConsoleRoutesTest)
        }
        assertThat(answer.header("Content-Type")).as("%s → %s", request, answer).isEqualTo("application/json");
        assertThat(answer.body()).as("%s → %s", request, answer)
                .doesNotContain("Exception", "\tat ", "org.springframework", "org.apache", "java.lang", "<html");
        if (!request.method().equals("HEAD")) {
            JsonNode body = JSON.readTree(answer.body());
            if (answer.status() >= 400) {
                assertThat(body.path("errors").path(0).path("code").asString()).as("%s → %s", request, answer)
                        .isNotEmpty();
                assertThat(body.path("clerk_trace_id").asString()).as("%s → %s", request, answer).isNotEmpty();
            } else {
                assertThat(body.isObject()).as("%s → %s", request, answer).isTrue();
            }
        }
        if (tries.incrementAndGet() % 50 == 0) {
            assertBystanderUntouched();
        }
    }

    /** The query service's console files (here both services see them: they share this test's classpath). */
    private static boolean isConsoleFile(Hostile request) {
        String path = request.path();
        return path.equals("/") || path.startsWith("/console/") || path.startsWith("/webjars/");
    }

    private static void assertBystanderUntouched() {
        var verified = ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + bystanderSecret + "\"}");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(bystanderNow()).isEqualTo(bystander);
    }

    /** The bystander as GET shows it, without last_used_at (verifying it moves that). */
    private static ObjectNode bystanderNow() {
        var list = JSON.readTree(ledger.reads().send("GET", "/v1/api_keys?subject=user_BystanderBystanderBystander", null)
                .body());
        ObjectNode key = (ObjectNode) list.get("data").get(0);
        key.remove("last_used_at");
        return key;
    }

    @Provide
    Arbitrary<Hostile> requests() {
        Arbitrary<String> methods = Arbitraries.of("GET", "GET", "POST", "POST", "PATCH", "PATCH", "DELETE", "PUT",
                "HEAD", "OPTIONS", "TRACE", "PROPFIND", "CONNECT", "FOO");
        Arbitrary<String> prefixes = Arbitraries.of("/v1/api_keys", "/api_keys", "/v1/api_keys", "/v1", "",
                "/v1/api_keys/", "/V1/API_KEYS", "/v1/bench"); // not /actuator: operations answer their own types
        Arbitrary<String> ids = Arbitraries.oneOf(
                Arbitraries.of(victimId, victimId.toUpperCase(java.util.Locale.ROOT),
                        victimId.replace("ak_", "api_key_"), "ak_00000000000000000000000000000000", "verify",
                        "%ZZ", "%00", "..%2F..%2F", "%2e%2e", "a%5Cb", "%C0%AF", "%", ";jsessionid=1", "%u0041",
                        "AK_" + "F".repeat(32), "ak_" + "0".repeat(33)),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40).map(HttpFuzzTest::pathSafe));
        Arbitrary<String> suffixes = Arbitraries.of("", "", "/revoke", "/secret", "/events", "/x", "/", "/..", "/%2F");
        Arbitrary<String> paths = Combinators.combine(prefixes, Arbitraries.oneOf(Arbitraries.just(""),
                        ids.map(id -> "/" + id)), suffixes)
                .as((prefix, id, suffix) -> prefix + (id.isEmpty() ? "" : id + suffix))
                .map(path -> path.isEmpty() ? "/" : path); // an empty target reads as HTTP/0.9, answered headless
        Arbitrary<String> queries = Arbitraries.oneOf(
                Arbitraries.of("", "", "?%", "?%?a=b", "?subject=" + SplitLedger.SUBJECT, "?limit=10.0&offset=0",
                        "?limit=-1", "?limit=99999999999999999999", "?include_invalid=maybe", "?query=%25",
                        "?subject=%ZZ", "?a=%00", "?subject=" + "a".repeat(9000), "?&&==&", "?type=api_key"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(60).map(q -> "?" + pathSafe(q)));
        Arbitrary<Map<String, String>> headers = Combinators.combine(
                        Arbitraries.of(BEARER, BEARER, BEARER, "", "Bearer ", "Bearer sk_test_wrong", "Basic Zm9vOmJhcg==",
                                "bearer " + LedgerTestEnvironment.INSTANCE_KEY),
                        Arbitraries.of("application/json", "application/json", "", "text/plain",
                                "application/json; charset=utf-16", "multipart/form-data; boundary=x",
                                "application/x-www-form-urlencoded", "*/*", "garbage"),
                        Arbitraries.of("", "application/json", "text/html", "application/xml", "*/*", "image/png;q=0"),
                        Arbitraries.of("", "", "req_ok", "\u00e9t\u00e9", "x".repeat(300)),
                        Arbitraries.of("", "", "", "x".repeat(10_000)))
                .as((auth, contentType, accept, requestId, junk) -> {
                    Map<String, String> map = new LinkedHashMap<>();
                    put(map, "Authorization", auth);
                    put(map, "Content-Type", contentType);
                    put(map, "Accept", accept);
                    put(map, "X-Request-Id", requestId);
                    put(map, "X-Junk", junk);
                    return map;
                });
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(
                Arbitraries.just((byte[]) null),
                Arbitraries.of("{}", "null", "[]", "1", "\"x\"", "{", "{\"name\":", "{\"secret\":\"" + "ak_x" + "\"}",
                        "{\"name\":\"n\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}",
                        "{\"description\":null,\"scopes\":[1,2]}", "{\"revocation_reason\":{}}",
                        "{\"claims\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                        "{\"claims\":{\"a\":" + "{\"a\":".repeat(600) + "1" + "}".repeat(601) + "}",
                        "{\"description\":\"" + "d".repeat(70 * 1024) + "\"}",
                        "{\"seconds_until_expiration\":1e400}", "{\"scopes\":[\"\\u0000\"]}",
                        "{\"name\":\"\\ud800\"}").map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
        return Combinators.combine(Arbitraries.of(true, false), methods, paths, queries, headers, bodies)
                .as(Hostile::new);
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (!value.isEmpty()) {
            headers.put(name, value);
        }
    }

    /** Keeps a generated path or query on one request line (no space, no #), otherwise as hostile as it came. */
    private static String pathSafe(String text) {
        return text.replace(" ", "%20").replace("#", "%23");
    }
}
