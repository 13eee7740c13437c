package org.keyledger.platform.test;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests' one HTTP client: java.net.http against one running service (its base URL), with the raw status,
 * headers and body of every answer kept for assertions. Every call carries the test instance key unless told
 * otherwise; {@link ClerkAssertions} checks the answers against the wire contract.
 */
public final class LedgerClient {

    public static final String USER_AGENT = "key-ledger-tests/1.0 (java.net.http)";
    /** Reads decimals exactly as sent (2.50 stays 2.50), as the ledger keeps them. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    public static final String BEARER = "Bearer " + LedgerTestEnvironment.INSTANCE_KEY;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final String base;

    /** @param base the service's base URL, e.g. {@code http://127.0.0.1:8081}; every path is appended to it */
    public LedgerClient(String base) {
        this.base = base;
    }

    public static LedgerClient onPort(int port) {
        return new LedgerClient("http://127.0.0.1:" + port);
    }

    public String base() {
        return base;
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    /** A call with the test instance key; {@code body} is JSON text (null: no body and no Content-Type). */
    public Response send(String method, String path, String body, String... headers) {
        return sendAs(BEARER, method, path, body, headers);
    }

    /**
     * @param authorization the whole {@code Authorization} header, or null for none
     * @param headers       further headers, as name, value, name, value…
     */
    public Response sendAs(String authorization, String method, String path, String body, String... headers) {
        Request request = request(method, path).authorization(authorization);
        if (body != null) {
            request.body(body, "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.send();
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    // --- the write routes, answers as they come ---

    /** POST /v1/api_keys with this JSON object. */
    public Response create(Map<String, ?> body) {
        return request("POST", "/v1/api_keys").json(body).send();
    }

    public Response patch(String id, Map<String, ?> body) {
        return request("PATCH", "/v1/api_keys/" + id).json(body).send();
    }

    public Response revoke(String id, Map<String, ?> body) {
        return request("POST", "/v1/api_keys/" + id + "/revoke").json(body).send();
    }

    public Response delete(String id) {
        return request("DELETE", "/v1/api_keys/" + id).send();
    }

    // --- keys for a test to work on: each fails the test unless the ledger answered 200 ---

    /** Creates a key and returns the created object (with its secret). */
    public JsonNode createKey(String subject, String name) {
        return createKey(subject, name, null);
    }

    /** @param extra more JSON members, e.g. {@code "scopes":["a"]} (null: none) */
    public JsonNode createKey(String subject, String name, String extra) {
        String body = "{\"name\":" + quote(name) + ",\"subject\":" + quote(subject)
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
        JsonNode key = ClerkAssertions.json(send("POST", "/v1/api_keys", body), 200);
        assertThat(key.get("secret").asString()).startsWith("ak_");
        return key;
    }

    /** A key whose expiration (1 ms after creation) has passed when this returns. */
    public JsonNode createExpiredKey(String subject, String name) {
        JsonNode key = createKey(subject, name, "\"seconds_until_expiration\":0.001");
        long expiration = key.get("expiration").asLong();
        while (System.currentTimeMillis() <= expiration) {
            Thread.onSpinWait();
        }
        return key;
    }

    public JsonNode revokeKey(String id) {
        return ClerkAssertions.json(send("POST", "/v1/api_keys/" + id + "/revoke",
                "{\"revocation_reason\":\"test\"}"), 200);
    }

    public void deleteKey(String id) {
        assertThat(ClerkAssertions.json(delete(id), 200).get("deleted").asBoolean()).isTrue();
    }

    // --- inputs no other test uses ---

    /** A subject of the given kind ({@code user}, {@code org}…) that no other test uses. */
    public static String newSubject(String prefix) {
        return prefix + "_" + random(27);
    }

    public static String newSubject() {
        return newSubject("user");
    }

    public static String newName() {
        return "key-" + random(12);
    }

    /** A well-formed id no key has. */
    public static String unknownId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "ak_" + HexFormat.of().formatHex(bytes);
    }

    public static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    /** An ordered JSON object that keeps null values: fields("a", 1, "b", null). */
    public static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    public static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

    public final class Request {
        private final String method;
        private final String path;
        private String body;
        private String contentType;
        private String authorization = BEARER;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Request(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("User-Agent", USER_AGENT);
        }

        /** A JSON body (and {@code Content-Type: application/json}). */
        public Request json(Object value) {
            return body(JSON.writeValueAsString(value), "application/json");
        }

        /** A body sent exactly as given, with the given Content-Type (null: no Content-Type header at all). */
        public Request body(String text, String type) {
            this.body = text;
            this.contentType = type;
            return this;
        }

        /** Only a Content-Type header, no body: what @clerk/backend sends on DELETE. */
        public Request contentType(String type) {
            this.contentType = type;
            return this;
        }

        public Request bearer(String key) {
            this.authorization = "Bearer " + key;
            return this;
        }

        /** The whole Authorization header (null: none). */
        public Request authorization(String value) {
            this.authorization = value;
            return this;
        }

        public Request noAuthorization() {
            return authorization(null);
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(builder::header);
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            try {
                HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(method + " " + base + path, response.statusCode(), response.headers(),
                        response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public record Response(String request, int status, HttpHeaders headers, String body) {

        /** The raw Content-Type header, exactly as sent by the server (null when absent). */
        public String contentType() {
            return headers.firstValue("Content-Type").orElse(null);
        }

        public String requestId() {
            return headers.firstValue("X-Request-Id").orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (RuntimeException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        /** The {@code id} field of the answer. */
        public String id() {
            return json().path("id").asString();
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + headers.map() + " " + body;
        }
    }
}
