package org.keyledger.query;

import org.keyledger.platform.test.LedgerTestEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw HTTP against a {@link SplitLedger}, for the read-route tests: every call can set or omit its own headers, and
 * every answer is checked against the wire contract (status, exactly {@code Content-Type: application/json}, the
 * key object's fields, Clerk's error envelope) before a test looks at it.
 */
final class ReadRoutes {

    static final String JSON = "application/json";
    /** Every field of the key object, always present; never {@code secret} outside the create response. */
    static final Set<String> KEY_FIELDS = Set.of("object", "id", "type", "name", "subject", "description", "claims",
            "scopes", "revoked", "revocation_reason", "expired", "expiration", "created_by", "last_used_at",
            "created_at", "updated_at");
    static final String BEARER = "Bearer " + LedgerTestEnvironment.INSTANCE_KEY;
    static final String OTHER_BEARER = "Bearer " + LedgerTestEnvironment.OTHER_INSTANCE_KEY;

    private static final String WORD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final SplitLedger ledger;

    ReadRoutes(SplitLedger ledger) {
        this.ledger = ledger;
    }

    /** A subject of its own for one test ({@code user_} + 27 word characters), so tests never see each other's keys. */
    static String newSubject() {
        StringBuilder subject = new StringBuilder("user_");
        for (int i = 0; i < 27; i++) {
            subject.append(WORD.charAt(RANDOM.nextInt(WORD.length())));
        }
        return subject.toString();
    }

    /** A well-formed id no key has. */
    static String unknownId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "ak_" + HexFormat.of().formatHex(bytes);
    }

    /** The fingerprint the ledger records as the actor for an instance key: {@code key_} + 12 hex of its SHA-256. */
    static String actorOf(String instanceKey) {
        return "key_" + sha256(instanceKey).substring(0, 12);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String command(String path) {
        return ledger.commandUrl() + path;
    }

    String query(String path) {
        return ledger.queryUrl() + path;
    }

    /** A call with the test instance key. */
    HttpResponse<String> send(String method, String url, String body, String... headers) {
        return sendAs(BEARER, method, url, body, headers);
    }

    /**
     * @param authorization the whole {@code Authorization} header, or null for none
     * @param headers       further headers, as name, value, name, value…
     */
    static HttpResponse<String> sendAs(String authorization, String method, String url, String body,
                                       String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", JSON);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", query(path), null);
    }

    /** Creates a key through the command service; {@code extra} is more JSON members, e.g. {@code "scopes":["a"]}. */
    JsonNode create(String subject, String name, String extra) {
        String body = "{\"name\":" + quote(name) + ",\"subject\":\"" + subject + "\""
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
        JsonNode key = json(send("POST", command("/v1/api_keys"), body), 200);
        assertThat(key.get("secret").asString()).startsWith("ak_");
        return key;
    }

    JsonNode create(String subject, String name) {
        return create(subject, name, null);
    }

    /** A key whose expiration (1 ms after creation) has passed when this returns. */
    JsonNode createExpired(String subject, String name) {
        JsonNode key = create(subject, name, "\"seconds_until_expiration\":0.001");
        long expiration = key.get("expiration").asLong();
        while (System.currentTimeMillis() <= expiration) {
            Thread.onSpinWait();
        }
        return key;
    }

    JsonNode revoke(String id) {
        return json(send("POST", command("/v1/api_keys/" + id + "/revoke"), "{\"revocation_reason\":\"test\"}"),
                200);
    }

    void delete(String id) {
        assertThat(json(send("DELETE", command("/v1/api_keys/" + id), null), 200).get("deleted").asBoolean())
                .isTrue();
    }

    /** The JSON body of a response that must have {@code status} and exactly {@code Content-Type: application/json}. */
    static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s %s: %s", response.request().method(),
                response.request().uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().allValues("Content-Type")).as("Content-Type").containsExactly(JSON);
        return JsonMapper.shared().readTree(response.body());
    }

    /**
     * Asserts Clerk's error envelope: exactly {@code errors} (one error with exactly message, long_message, code,
     * meta) and {@code clerk_trace_id} (the request's id, as in {@code X-Request-Id}); {@code meta.param_name} is
     * {@code parameter}, or absent when null. No stack trace, class name or SQL.
     */
    static JsonNode assertError(HttpResponse<String> response, int status, String code, String parameter) {
        JsonNode envelope = json(response, status);
        assertThat(names(envelope)).containsExactlyInAnyOrder("errors", "clerk_trace_id");
        assertThat(envelope.get("errors").isArray()).isTrue();
        assertThat(envelope.get("errors").size()).isEqualTo(1);
        JsonNode error = envelope.get("errors").get(0);
        assertThat(names(error)).containsExactlyInAnyOrder("message", "long_message", "code", "meta");
        assertThat(error.get("message").isString()).isTrue();
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.get("long_message").isString()).isTrue();
        assertThat(error.get("long_message").asString()).isNotBlank();
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(error.get("meta").isObject()).isTrue();
        if (parameter == null) {
            assertThat(error.get("meta").has("param_name")).as("meta.param_name").isFalse();
        } else {
            assertThat(error.get("meta").get("param_name").asString()).as("meta.param_name").isEqualTo(parameter);
        }
        assertThat(envelope.get("clerk_trace_id").asString()).isNotBlank()
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElse(null));
        assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("org.")
                .doesNotContain("java.").doesNotContainIgnoringCase("select ").doesNotContain("\tat ");
        return error;
    }

    /** Asserts a key object as the read routes answer it: all fields, no secret. */
    static JsonNode assertKeyObject(JsonNode key) {
        assertThat(names(key)).as("fields of %s", key).containsExactlyInAnyOrderElementsOf(KEY_FIELDS);
        assertThat(key.get("object").asString()).isEqualTo("api_key");
        assertThat(key.get("type").asString()).isEqualTo("api_key");
        assertThat(key.get("id").asString()).matches("ak_[0-9a-f]{32}");
        return key;
    }

    /** The create response as a read route must answer it: the same object without the secret. */
    static JsonNode withoutSecret(JsonNode created) {
        ObjectNode copy = (ObjectNode) created.deepCopy();
        copy.remove("secret");
        return copy;
    }

    static Set<String> names(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    static List<String> ids(JsonNode list) {
        return list.get("data").valueStream().map(k -> k.get("id").asString()).toList();
    }

    static String quote(String text) {
        return JsonMapper.shared().writeValueAsString(text);
    }
}
