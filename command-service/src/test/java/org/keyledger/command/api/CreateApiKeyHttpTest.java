package org.keyledger.command.api;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.secret.SecretFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertJsonContentType;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/** POST /v1/api_keys and POST /api_keys over real HTTP. */
class CreateApiKeyHttpTest extends CommandServiceTest {

    @Test
    void createAnswers200WithEveryFieldOfTheKeyAndTheSecret() {
        String subject = newSubject();
        String creator = newSubject("user");
        Map<String, Object> claims = fields("tenant", "t_1", "camelCase", true, "snake_case", List.of(1, "two"),
                "Nested", fields("Inner_Key", null), "ratio", new java.math.BigDecimal("0.10"),
                "huge", new java.math.BigInteger("123456789012345678901234567890"));
        long before = System.currentTimeMillis();

        LedgerClient.Response response = http.create(fields("name", "ci-deploy", "subject", subject, "type", "api_key",
                "description", "deploys from CI", "claims", claims, "scopes", List.of("read", "write"),
                "created_by", creator, "seconds_until_expiration", 3600));
        long after = System.currentTimeMillis();

        JsonNode key = assertKeyObject(response, 200, true);
        assertThat(key.get("name").asString()).isEqualTo("ci-deploy");
        assertThat(key.get("subject").asString()).isEqualTo(subject);
        assertThat(key.get("description").asString()).isEqualTo("deploys from CI");
        assertThat(key.get("claims")).isEqualTo(LedgerClient.JSON.valueToTree(claims));
        assertThat(key.get("scopes")).isEqualTo(LedgerClient.JSON.valueToTree(List.of("read", "write")));
        assertThat(key.get("created_by").asString()).isEqualTo(creator);
        assertThat(key.get("revoked").asBoolean()).isFalse();
        assertThat(key.get("revocation_reason").isNull()).isTrue();
        assertThat(key.get("expired").asBoolean()).isFalse();
        assertThat(key.get("created_at").asLong()).isBetween(before, after);
        assertThat(key.get("updated_at").asLong()).isEqualTo(key.get("created_at").asLong());
        assertThat(key.get("expiration").asLong()).isEqualTo(key.get("created_at").asLong() + 3_600_000);
        String secret = key.get("secret").asString();
        assertThat(secret).hasSize(49).matches("ak_[0-9A-Za-z]{46}");
        assertThat(SecretFormat.isWellFormed(secret)).isTrue();
        assertThat(eventTypes(key.get("id").asString())).containsExactly("org.keyledger.events.ApiKeyCreated");
    }

    @Test
    void createWithOnlyNameAndSubjectHasNullsNotMissingFields() {
        LedgerClient.Response response = http.create(fields("name", newName(), "subject", newSubject("org")));

        JsonNode key = assertKeyObject(response, 200, true);
        assertThat(key.get("type").asString()).isEqualTo("api_key");
        assertThat(key.get("description").isNull()).isTrue();
        assertThat(key.get("claims").isNull()).isTrue();
        assertThat(key.get("scopes")).isEmpty();
        assertThat(key.get("expiration").isNull()).isTrue();
        assertThat(key.get("created_by").isNull()).isTrue();
        assertThat(key.get("last_used_at").isNull()).isTrue();
        assertThat(response.body()).contains("\"description\":null", "\"claims\":null", "\"expiration\":null",
                "\"created_by\":null", "\"last_used_at\":null", "\"revocation_reason\":null", "\"object\":\"api_key\"");
    }

    @Test
    void createOnTheBarePrefixAnswersTheSame() {
        LedgerClient.Response response = http.request("POST", "/api_keys")
                .json(fields("name", newName(), "subject", newSubject("mch"))).send();

        assertKeyObject(response, 200, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "org", "mch", "scim"})
    void createAcceptsEachKindOfSubject(String kind) {
        assertKeyObject(http.create(fields("name", newName(), "subject", newSubject(kind))), 200, true);
    }

    @Test
    void eachCreateGetsItsOwnIdAndSecret() {
        String subject = newSubject();
        JsonNode first = http.createKey(subject, newName());
        JsonNode second = http.createKey(subject, newName());

        assertThat(first.get("id")).isNotEqualTo(second.get("id"));
        assertThat(first.get("secret")).isNotEqualTo(second.get("secret"));
    }

    @Test
    void fractionalSecondsUntilExpirationAreMilliseconds() {
        JsonNode key = http.create(fields("name", newName(), "subject", newSubject(),
                "seconds_until_expiration", 1.5)).json();

        assertThat(key.get("expiration").asLong()).isEqualTo(key.get("created_at").asLong() + 1500);
    }

    @ParameterizedTest
    @MethodSource("claimValues")
    void claimsMayBeAnyJsonValue(Object claims) {
        JsonNode key = assertKeyObject(http.create(fields("name", newName(), "subject", newSubject(),
                "claims", claims)), 200, true);

        assertThat(key.get("claims")).isEqualTo(LedgerClient.JSON.valueToTree(claims));
    }

    @Test
    void claimsKeepTheirNumbersExactly() {
        String body = "{\"name\":\"" + newName() + "\",\"subject\":\"" + newSubject()
                + "\",\"claims\":{\"price\":2.50,\"tiny\":0.000000000000000000001,"
                + "\"big\":123456789012345678901234567890,\"exact\":0.1}}";

        LedgerClient.Response response = http.request("POST", "/v1/api_keys").body(body, "application/json").send();

        assertKeyObject(response, 200, true);
        assertThat(response.body()).contains("\"price\":2.50", "\"big\":123456789012345678901234567890",
                "\"exact\":0.1");
        assertThat(response.json().get("claims").get("tiny").decimalValue())
                .isEqualByComparingTo("0.000000000000000000001");
    }

    static Stream<Object> claimValues() {
        return Stream.of(List.of("a", 1, false), "plain text", 42, true, fields("deep", fields("deeper", List.of())));
    }

    static Stream<Arguments> badFields() {
        String subject = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
        return Stream.of(
                Arguments.of(fields("subject", subject), "form_param_missing", "name"),
                Arguments.of(fields("name", null, "subject", subject), "form_param_missing", "name"),
                Arguments.of(fields("name", "ab", "subject", subject), "form_param_format_invalid", "name"),
                Arguments.of(fields("name", "n".repeat(256), "subject", subject), "form_param_format_invalid", "name"),
                Arguments.of(fields("name", " padded", "subject", subject), "form_param_format_invalid", "name"),
                Arguments.of(fields("name", "padded ", "subject", subject), "form_param_format_invalid", "name"),
                Arguments.of(fields("name", 12345, "subject", subject), "form_param_format_invalid", "name"),
                Arguments.of(fields("name", List.of("abc"), "subject", subject), "form_param_format_invalid", "name"),
                Arguments.of(fields("name", "abc"), "form_param_missing", "subject"),
                Arguments.of(fields("name", "abc", "subject", "app_2xhFjEI5X2qWRvtV13BzSj8H6Dk"),
                        "form_param_format_invalid", "subject"),
                Arguments.of(fields("name", "abc", "subject", "user_short"), "form_param_format_invalid", "subject"),
                Arguments.of(fields("name", "abc", "subject", 7), "form_param_format_invalid", "subject"),
                Arguments.of(fields("name", "abc", "subject", subject, "type", "m2m_token"),
                        "form_param_format_invalid", "type"),
                Arguments.of(fields("name", "abc", "subject", subject, "type", 1), "form_param_format_invalid", "type"),
                Arguments.of(fields("name", "abc", "subject", subject, "description", "d".repeat(256)),
                        "form_param_format_invalid", "description"),
                Arguments.of(fields("name", "abc", "subject", subject, "description", false),
                        "form_param_format_invalid", "description"),
                Arguments.of(fields("name", "abc", "subject", subject, "created_by", "org_2xhFjEI5X2qWRvtV13BzSj8H6Dk"),
                        "form_param_format_invalid", "created_by"),
                Arguments.of(fields("name", "abc", "subject", subject, "created_by", 3),
                        "form_param_format_invalid", "created_by"),
                Arguments.of(fields("name", "abc", "subject", subject, "scopes", "read"),
                        "form_param_format_invalid", "scopes"),
                Arguments.of(fields("name", "abc", "subject", subject, "scopes", List.of("read", 2)),
                        "form_param_format_invalid", "scopes"),
                Arguments.of(fields("name", "abc", "subject", subject, "scopes", fields("read", true)),
                        "form_param_format_invalid", "scopes"),
                Arguments.of(fields("name", "abc", "subject", subject, "seconds_until_expiration", 0),
                        "form_param_format_invalid", "seconds_until_expiration"),
                Arguments.of(fields("name", "abc", "subject", subject, "seconds_until_expiration", -60),
                        "form_param_format_invalid", "seconds_until_expiration"),
                Arguments.of(fields("name", "abc", "subject", subject, "seconds_until_expiration", 3153600001L),
                        "form_param_format_invalid", "seconds_until_expiration"),
                Arguments.of(fields("name", "abc", "subject", subject, "seconds_until_expiration", "3600"),
                        "form_param_format_invalid", "seconds_until_expiration"),
                Arguments.of(fields("name", "abc", "subject", subject, "secret", "ak_mine"), "bad_request", "secret"),
                Arguments.of(fields("name", "abc", "subject", subject, "secondsUntilExpiration", 60),
                        "bad_request", "secondsUntilExpiration"),
                Arguments.of(fields("name", "abc", "subject", subject, "id", "ak_3beecc9c60adb5f9b850e91a8ee1e992"),
                        "bad_request", "id"));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void createRejectsABadFieldNamingItAndWritesNothing(Map<String, Object> body, String code, String param) {
        List<Long> before = rowCounts();

        assertClerkError(http.create(body), 400, code, param);

        assertNothingWritten(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":", "{name: \"abc\"}", "not json", "{\"name\":\"abc\",}", "{\"name\":\"abc\"}}"})
    void createRejectsMalformedJson(String body) {
        List<Long> before = rowCounts();

        assertClerkError(http.request("POST", "/v1/api_keys").body(body, "application/json").send(),
                400, "bad_request", null);

        assertNothingWritten(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"name\":\"abc\"}]", "\"abc\"", "42"})
    void createRejectsABodyThatIsNotAnObject(String body) {
        List<Long> before = rowCounts();

        assertClerkError(http.request("POST", "/v1/api_keys").body(body, "application/json").send(),
                400, "bad_request", null);

        assertNothingWritten(before);
    }

    @Test
    void createWithoutABodyIsMissingTheName() {
        List<Long> before = rowCounts();

        assertClerkError(http.request("POST", "/v1/api_keys").contentType("application/json").send(),
                400, "form_param_missing", "name");

        assertNothingWritten(before);
    }

    @Test
    void createWithABodyThatIsNotJsonIsABadRequest() {
        List<Long> before = rowCounts();

        assertClerkError(http.request("POST", "/v1/api_keys").body("name=abc&subject=x", "text/plain").send(),
                400, "bad_request", null);

        assertNothingWritten(before);
    }

    @Test
    void createWithANameTakenInTheSubjectIs409AndWritesNothing() {
        String subject = newSubject();
        String name = newName();
        http.createKey(subject, name);
        List<Long> before = rowCounts();

        assertClerkError(http.create(fields("name", name, "subject", subject)), 409, "token_creation_conflict", "name");

        assertNothingWritten(before);
    }

    @Test
    void theSameNameIsAllowedInAnotherSubject() {
        String name = newName();
        http.createKey(newSubject(), name);

        assertKeyObject(http.create(fields("name", name, "subject", newSubject())), 200, true);
    }

    @Test
    void theSameNameIsAllowedAgainAfterTheKeyIsDeleted() {
        String subject = newSubject();
        String name = newName();
        String id = http.createKey(subject, name).get("id").asString();
        assertThat(http.delete(id).status()).isEqualTo(200);

        JsonNode again = assertKeyObject(http.create(fields("name", name, "subject", subject)), 200, true);

        assertThat(again.get("id").asString()).isNotEqualTo(id);
        assertClerkError(http.create(fields("name", name, "subject", subject)), 409, "token_creation_conflict",
                "name");
    }

    @Test
    void theSameNameIsAllowedAgainAfterTheKeyMovedToAnotherSubject() {
        String subject = newSubject();
        String name = newName();
        String id = http.createKey(subject, name).get("id").asString();
        assertThat(http.patch(id, fields("subject", newSubject("org"))).status()).isEqualTo(200);

        assertKeyObject(http.create(fields("name", name, "subject", subject)), 200, true);
    }

    @Test
    void aRevokedKeyStillHoldsItsName() {
        String subject = newSubject();
        String name = newName();
        String id = http.createKey(subject, name).get("id").asString();
        assertThat(http.revoke(id, fields()).status()).isEqualTo(200);

        assertClerkError(http.create(fields("name", name, "subject", subject)), 409, "token_creation_conflict",
                "name");
    }

    @Test
    void concurrentCreatesOfOneNameLeaveExactlyOneKey() throws Exception {
        String subject = newSubject();
        String name = newName();
        long eventsBefore = eventCount();
        int attempts = 6;
        List<Callable<LedgerClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            calls.add(() -> http.create(fields("name", name, "subject", subject)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<LedgerClient.Response> responses = new ArrayList<>();
        try {
            for (Future<LedgerClient.Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        responses.stream().filter(r -> r.status() != 200)
                .forEach(r -> assertClerkError(r, 409, "token_creation_conflict", "name"));
        assertThat(eventCount()).isEqualTo(eventsBefore + 1);
        assertThat(jdbc.sql("select count(*) from api_key_name where subject = ?").param(subject)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void createAcceptsClerkHeadersAndIgnoresThem() {
        LedgerClient.Response response = http.request("POST", "/v1/api_keys")
                .header("Clerk-API-Version", "2026-05-12")
                .header("Accept", "application/json")
                .json(fields("name", newName(), "subject", newSubject())).send();

        assertKeyObject(response, 200, true);
        assertJsonContentType(response);
    }
}
