package org.keyledger.command.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keyledger.platform.test.LedgerTestEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real HTTP client side of the tests: java.net.http against the server on its random port, with the raw headers
 * and body of every answer kept for assertions.
 */
public final class LedgerHttp {

    public static final String USER_AGENT = "key-ledger-tests/1.0 (java.net.http)";
    /** Reads decimals exactly as sent (2.50 stays 2.50), as the ledger keeps them. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final String base;

    public LedgerHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    /** POST /v1/api_keys with this JSON object. */
    public Response create(Map<String, ?> body) {
        return request("POST", "/v1/api_keys").json(body).send();
    }

    /** Creates a key with just a name and subject and returns its created response, failing unless it is 200. */
    public Response createKey(String name, String subject) {
        Response response = create(fields("name", name, "subject", subject));
        if (response.status() != 200) {
            throw new AssertionError("could not create a key: " + response);
        }
        return response;
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

    /** A subject of the given kind that no other test uses. */
    public static String newSubject(String prefix) {
        return prefix + "_" + random(27);
    }

    public static String newSubject() {
        return newSubject("user");
    }

    public static String newName() {
        return "key-" + random(12);
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

    public final class Request {
        private final String method;
        private final String path;
        private String body;
        private String contentType;
        private String authorization = "Bearer " + LedgerTestEnvironment.INSTANCE_KEY;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Request(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("User-Agent", USER_AGENT);
        }

        /** A JSON body (and {@code Content-Type: application/json}). */
        public Request json(Object value) {
            try {
                return body(JSON.writeValueAsString(value), "application/json");
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
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

        public Request authorization(String value) {
            this.authorization = value;
            return this;
        }

        public Request noAuthorization() {
            this.authorization = null;
            return this;
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
                return new Response(method + " " + path, response.statusCode(), response.headers(), response.body());
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
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        /** The {@code id} field of the answer. */
        public String id() {
            return json().path("id").asText();
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + headers.map() + " " + body;
        }
    }
}
