package org.keyledger.command.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** What every answer of the ledger must look like on the wire. */
public final class ClerkAssertions {

    /** Every field of Clerk's API key object; {@code secret} only on create. */
    public static final Set<String> KEY_FIELDS = Set.of("object", "id", "type", "name", "subject", "description",
            "claims", "scopes", "revoked", "revocation_reason", "expired", "expiration", "created_by", "last_used_at",
            "created_at", "updated_at");

    private ClerkAssertions() {
    }

    /** Exactly {@code Content-Type: application/json}, once, with no charset. */
    public static void assertJsonContentType(LedgerHttp.Response response) {
        assertThat(response.headers().allValues("Content-Type")).as("Content-Type of %s", response)
                .containsExactly("application/json");
    }

    /** An X-Request-Id on every answer. */
    public static void assertRequestId(LedgerHttp.Response response) {
        assertThat(response.requestId()).as("X-Request-Id of %s", response).isNotBlank();
    }

    /** A key object with every field present (null, never missing), plus {@code secret} when asked. */
    public static JsonNode assertKeyObject(LedgerHttp.Response response, int status, boolean withSecret) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertJsonContentType(response);
        assertRequestId(response);
        JsonNode key = response.json();
        Set<String> expected = new TreeSet<>(KEY_FIELDS);
        if (withSecret) {
            expected.add("secret");
        }
        assertThat(fieldNamesSet(key)).as("fields of %s", response).isEqualTo(expected);
        assertThat(key.get("object").asText()).isEqualTo("api_key");
        assertThat(key.get("id").asText()).matches("ak_[0-9a-f]{32}");
        assertThat(key.get("type").asText()).isEqualTo("api_key");
        assertThat(key.get("name").isTextual()).isTrue();
        assertThat(key.get("subject").isTextual()).isTrue();
        assertThat(key.get("description").isNull() || key.get("description").isTextual()).isTrue();
        assertThat(key.get("scopes").isArray()).isTrue();
        assertThat(key.get("revoked").isBoolean()).isTrue();
        assertThat(key.get("revocation_reason").isNull() || key.get("revocation_reason").isTextual()).isTrue();
        assertThat(key.get("expired").isBoolean()).isTrue();
        assertThat(key.get("expiration").isNull() || key.get("expiration").isIntegralNumber()).isTrue();
        assertThat(key.get("created_by").isNull() || key.get("created_by").isTextual()).isTrue();
        assertThat(key.get("last_used_at").isNull()).isTrue();
        assertThat(key.get("created_at").isIntegralNumber()).isTrue();
        assertThat(key.get("updated_at").isIntegralNumber()).isTrue();
        assertThat(key.get("updated_at").asLong()).isGreaterThanOrEqualTo(key.get("created_at").asLong());
        if (withSecret) {
            assertThat(key.get("secret").asText()).matches("ak_[0-9A-Za-z]{46}");
        }
        return key;
    }

    /**
     * Clerk's error envelope: one error with message, long_message, code and meta ({@code param_name} when a
     * field is at fault), {@code clerk_trace_id} equal to the X-Request-Id header, and nothing from the inside.
     */
    public static JsonNode assertClerkError(LedgerHttp.Response response, int status, String code, String paramName) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertJsonContentType(response);
        assertRequestId(response);
        JsonNode body = response.json();
        assertThat(fieldNames(body)).as("envelope of %s", response).containsExactlyInAnyOrder("errors", "clerk_trace_id");
        assertThat(body.get("clerk_trace_id").asText()).isEqualTo(response.requestId());
        assertThat(body.get("errors").isArray()).isTrue();
        assertThat(body.get("errors")).hasSize(1);
        JsonNode error = body.get("errors").get(0);
        assertThat(error.get("message").asText()).as("message of %s", response).isNotBlank();
        assertThat(error.get("long_message").asText()).as("long_message of %s", response).isNotBlank();
        assertThat(error.get("code").asText()).as("code of %s", response).isEqualTo(code);
        assertThat(error.get("meta").isObject()).as("meta of %s", response).isTrue();
        if (paramName == null) {
            assertThat(error.get("meta").has("param_name")).as("meta of %s", response).isFalse();
        } else {
            assertThat(error.get("meta").path("param_name").asText()).as("meta.param_name of %s", response)
                    .isEqualTo(paramName);
        }
        assertThat(response.body()).as("nothing from the inside in %s", response)
                .doesNotContain("Exception", "org.keyledger", "org.axonframework", "org.springframework", "java.",
                        "jakarta.", "tools.jackson", "com.fasterxml", "SQL", "\tat ");
        return error;
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> fieldNamesSet(JsonNode node) {
        return new TreeSet<>(fieldNames(node));
    }
}
