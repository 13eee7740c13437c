package org.keyledger.command.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/** Every write route wants an instance key, and answers 401 in Clerk's envelope without one. */
class AuthenticationHttpTest extends CommandServiceTest {

    /** Authorization header values that must not authenticate; null: no header at all. */
    static List<String> badAuthorizations() {
        List<String> values = new ArrayList<>();
        values.add(null);
        values.add("Bearer sk_test_wrong_key");
        values.add("Bearer ");
        values.add("Bearer " + LedgerTestEnvironment.INSTANCE_KEY + "x");
        values.add("Bearer " + LedgerTestEnvironment.INSTANCE_KEY.substring(1));
        values.add(LedgerTestEnvironment.INSTANCE_KEY);
        values.add("Basic " + Base64.getEncoder().encodeToString((LedgerTestEnvironment.INSTANCE_KEY + ":").getBytes()));
        values.add("Token " + LedgerTestEnvironment.INSTANCE_KEY);
        values.add("Bearer " + LedgerTestEnvironment.INSTANCE_KEY + "," + LedgerTestEnvironment.OTHER_INSTANCE_KEY);
        return values;
    }

    /** Every write route, each with a body that would otherwise succeed (or fail validation: auth comes first). */
    static Stream<Arguments> routesAndBadAuthorizations() {
        String id = "ak_3beecc9c60adb5f9b850e91a8ee1e992";
        List<Arguments> cases = new ArrayList<>();
        for (String authorization : badAuthorizations()) {
            cases.add(Arguments.of("POST", "/v1/api_keys", "{\"name\":\"abc\",\"subject\":\"user_2xhFjEI5X2qWRvtV13BzSj8H6Dk\"}", authorization));
            cases.add(Arguments.of("POST", "/api_keys", "{\"bad\":true}", authorization));
            cases.add(Arguments.of("PATCH", "/v1/api_keys/" + id, "{\"description\":\"x\"}", authorization));
            cases.add(Arguments.of("PATCH", "/api_keys/not-an-id", "{}", authorization));
            cases.add(Arguments.of("DELETE", "/v1/api_keys/" + id, null, authorization));
            cases.add(Arguments.of("DELETE", "/api_keys/" + id, null, authorization));
            cases.add(Arguments.of("POST", "/v1/api_keys/" + id + "/revoke", "{}", authorization));
            cases.add(Arguments.of("POST", "/api_keys/" + id + "/revoke", null, authorization));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} with Authorization {3}")
    @MethodSource("routesAndBadAuthorizations")
    void aWriteWithoutAValidInstanceKeyIs401AndWritesNothing(String method, String path, String body,
                                                             String authorization) {
        List<Long> before = rowCounts();
        LedgerClient.Request request = http.request(method, path);
        if (body != null) {
            request.body(body, "application/json");
        }
        if (authorization == null) {
            request.noAuthorization();
        } else {
            request.authorization(authorization);
        }

        LedgerClient.Response response = request.send();

        assertClerkError(response, 401, "authentication_invalid", null);
        assertThat(response.body()).doesNotContain(LedgerTestEnvironment.INSTANCE_KEY);
        assertNothingWritten(before);
    }

    @Test
    void aRejectedKeyCannotChangeAnExistingKey() {
        String id = http.createKey(newSubject(), newName()).get("id").asString();
        List<Long> before = rowCounts();

        assertClerkError(http.request("DELETE", "/v1/api_keys/" + id).bearer("sk_test_wrong_key").send(), 401,
                "authentication_invalid", null);
        assertClerkError(http.request("POST", "/v1/api_keys/" + id + "/revoke").bearer("sk_live_nope").send(), 401,
                "authentication_invalid", null);

        assertNothingWritten(before);
        assertThat(eventTypes(id)).containsExactly("org.keyledger.events.ApiKeyCreated");
    }

    @Test
    void everyConfiguredInstanceKeyIsAccepted() {
        assertKeyObject(http.request("POST", "/v1/api_keys").bearer(LedgerTestEnvironment.OTHER_INSTANCE_KEY)
                .json(fields("name", newName(), "subject", newSubject())).send(), 200, true);
        assertKeyObject(http.request("POST", "/v1/api_keys").bearer(LedgerTestEnvironment.INSTANCE_KEY)
                .json(fields("name", newName(), "subject", newSubject())).send(), 200, true);
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertKeyObject(http.request("POST", "/v1/api_keys").authorization("bearer " + LedgerTestEnvironment.INSTANCE_KEY)
                .json(fields("name", newName(), "subject", newSubject())).send(), 200, true);
    }
}
