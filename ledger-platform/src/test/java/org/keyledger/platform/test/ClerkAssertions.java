package org.keyledger.platform.test;

import org.keyledger.platform.secret.SecretFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** What every answer of the ledger must look like on the wire. */
public final class ClerkAssertions {

    /** Every field of Clerk's API key object, always present; {@code secret} only on create. */
    public static final Set<String> KEY_FIELDS = Set.of("object", "id", "type", "name", "subject", "description",
            "claims", "scopes", "revoked", "revocation_reason", "expired", "expiration", "created_by", "last_used_at",
            "created_at", "updated_at");

    private ClerkAssertions() {
    }

    /** Exactly {@code Content-Type: application/json}, once, with no charset. */
    public static void assertJsonContentType(LedgerClient.Response response) {
        assertThat(response.headers().allValues("Content-Type")).as("Content-Type of %s", response)
                .containsExactly("application/json");
    }

    /** An X-Request-Id on every answer. */
    public static void assertRequestId(LedgerClient.Response response) {
        assertThat(response.requestId()).as("X-Request-Id of %s", response).isNotBlank();
    }

    /** The JSON body of an answer that must have {@code status} and exactly {@code Content-Type: application/json}. */
    public static JsonNode json(LedgerClient.Response response, int status) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertJsonContentType(response);
        return response.json();
    }

    /** A key object with every field present (null, never missing), plus {@code secret} when asked. */
    public static JsonNode assertKeyObject(LedgerClient.Response response, int status, boolean withSecret) {
        JsonNode key = json(response, status);
        assertRequestId(response);
        Set<String> expected = new TreeSet<>(KEY_FIELDS);
        if (withSecret) {
            expected.add("secret");
        }
        assertThat(new TreeSet<>(fieldNames(key))).as("fields of %s", response).isEqualTo(expected);
        assertThat(key.get("object").asString()).isEqualTo("api_key");
        assertThat(key.get("id").asString()).matches("ak_[0-9a-f]{32}");
        assertThat(key.get("type").asString()).isEqualTo("api_key");
        assertThat(key.get("name").isString()).isTrue();
        assertThat(key.get("subject").isString()).isTrue();
        assertThat(key.get("description").isNull() || key.get("description").isString()).isTrue();
        assertThat(key.get("scopes").isArray()).isTrue();
        assertThat(key.get("revoked").isBoolean()).isTrue();
        assertThat(key.get("revocation_reason").isNull() || key.get("revocation_reason").isString()).isTrue();
        assertThat(key.get("expired").isBoolean()).isTrue();
        assertThat(key.get("expiration").isNull() || key.get("expiration").isIntegralNumber()).isTrue();
        assertThat(key.get("created_by").isNull() || key.get("created_by").isString()).isTrue();
        assertThat(key.get("last_used_at").isNull()).isTrue();
        assertThat(key.get("created_at").isIntegralNumber()).isTrue();
        assertThat(key.get("updated_at").isIntegralNumber()).isTrue();
        assertThat(key.get("updated_at").asLong()).isGreaterThanOrEqualTo(key.get("created_at").asLong());
        if (withSecret) {
            assertThat(key.get("secret").asString()).matches("ak_[0-9A-Za-z]{46}");
        }
        return key;
    }

    /** A key object as the read routes answer it (in a list too): every field, no secret. */
    public static JsonNode assertKeyObject(JsonNode key) {
        assertThat(fieldNames(key)).as("fields of %s", key).containsExactlyInAnyOrderElementsOf(KEY_FIELDS);
        assertThat(key.get("object").asString()).isEqualTo("api_key");
        assertThat(key.get("type").asString()).isEqualTo("api_key");
        assertThat(key.get("id").asString()).matches("ak_[0-9a-f]{32}");
        return key;
    }

    /**
     * Clerk's error envelope: exactly {@code errors} (one error with exactly message, long_message, code and meta,
     * {@code meta.param_name} when a field is at fault) and {@code clerk_trace_id} (equal to the X-Request-Id
     * header); nothing from the inside: no stack trace, class name or SQL.
     */
    public static JsonNode assertClerkError(LedgerClient.Response response, int status, String code,
                                            String paramName) {
        JsonNode body = json(response, status);
        assertRequestId(response);
        assertThat(fieldNames(body)).as("envelope of %s", response).containsExactlyInAnyOrder("errors", "clerk_trace_id");
        assertThat(body.get("clerk_trace_id").asString()).isEqualTo(response.requestId());
        assertThat(body.get("errors").isArray()).isTrue();
        assertThat(body.get("errors")).hasSize(1);
        JsonNode error = body.get("errors").get(0);
        assertThat(fieldNames(error)).as("error of %s", response)
                .containsExactlyInAnyOrder("message", "long_message", "code", "meta");
        assertThat(error.get("message").isString()).as("message of %s", response).isTrue();
        assertThat(error.get("message").asString()).as("message of %s", response).isNotBlank();
        assertThat(error.get("long_message").isString()).as("long_message of %s", response).isTrue();
        assertThat(error.get("long_message").asString()).as("long_message of %s", response).isNotBlank();
        assertThat(error.get("code").asString()).as("code of %s", response).isEqualTo(code);
        assertThat(error.get("meta").isObject()).as("meta of %s", response).isTrue();
        if (paramName == null) {
            assertThat(error.get("meta").has("param_name")).as("meta of %s", response).isFalse();
        } else {
            assertThat(error.get("meta").path("param_name").asString()).as("meta.param_name of %s", response)
                    .isEqualTo(paramName);
        }
        assertThat(response.body()).as("nothing from the inside in %s", response)
                .doesNotContain("org.", "java.", "jakarta.", "tools.jackson", "com.fasterxml", "SQL", "\tat ")
                .doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("select ");
        return error;
    }

    /** The create answer as a read route must answer it: the same object without the secret. */
    public static JsonNode withoutSecret(JsonNode created) {
        ObjectNode copy = (ObjectNode) created.deepCopy();
        copy.remove("secret");
        return copy;
    }

    public static List<String> fieldNames(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    /** The ids of a list answer's keys, in order. */
    public static List<String> ids(JsonNode list) {
        return list.get("data").valueStream().map(k -> k.get("id").asString()).toList();
    }

    /** The fingerprint the ledger records as the actor for an instance key: {@code key_} + 12 hex of its SHA-256. */
    public static String actorOf(String instanceKey) {
        return "key_" + SecretFormat.sha256(instanceKey).substring(0, 12);
    }
}
