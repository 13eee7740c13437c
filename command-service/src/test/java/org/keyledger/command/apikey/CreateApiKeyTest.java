package org.keyledger.command.apikey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.error.LedgerException.Kind;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of {@link CreateApiKey}, one test per rule. */
class CreateApiKeyTest extends ApiKeyFixture {

    @Test
    void createEmitsApiKeyCreatedWithTheCheckedFields() {
        fixture.givenNoPriorActivity()
                .when(create().description("deploys from CI").claims(CLAIMS).scopes(List.of("read", "write"))
                        .createdBy(CREATOR).seconds("3600").build())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                        List.of("read", "write"), CREATOR, NOW_MS + 3_600_000L, NOW_MS, SECRET))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                        List.of("read", "write"), false, null, NOW_MS + 3_600_000L, CREATOR, NOW_MS, NOW_MS, 0));
    }

    @Test
    void createDefaultsTypeToApiKeyScopesToEmptyAndExpirationToNever() {
        fixture.givenNoPriorActivity()
                .when(create().build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, USER, null, null, List.of(), null, null,
                        NOW_MS, SECRET))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, null, null, List.of(),
                        false, null, null, null, NOW_MS, NOW_MS, 0));
    }

    @Test
    void createAcceptsTypeApiKeyExplicitly() {
        fixture.givenNoPriorActivity()
                .when(create().type("api_key").build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, USER, null, null, List.of(), null, null,
                        NOW_MS, SECRET));
    }

    @Test
    void createExpirationIsNowPlusSecondsInMilliseconds() {
        fixture.givenNoPriorActivity()
                .when(create().seconds("1.5").build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, USER, null, null, List.of(), null,
                        NOW_MS + 1500, NOW_MS, SECRET))
                .expectResultMessagePayloadMatching(state(s -> s.expiration() == NOW_MS + 1500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"m2m_token", "oauth_token", "API_KEY", "api_key ", ""})
    void createRejectsATypeOtherThanApiKey(String type) {
        fixture.givenNoPriorActivity()
                .when(create().type(type).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "type"))
                .expectNoEvents();
    }

    @Test
    void createRejectsAMissingName() {
        fixture.givenNoPriorActivity()
                .when(create().name(null).build())
                .expectException(ledgerException(Kind.MISSING_PARAMETER, "name"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab"})
    void createRejectsANameShorterThanThreeCharacters(String name) {
        fixture.givenNoPriorActivity()
                .when(create().name(name).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "name"))
                .expectNoEvents();
    }

    @Test
    void createRejectsANameLongerThan255Characters() {
        fixture.givenNoPriorActivity()
                .when(create().name("n".repeat(256)).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "name"))
                .expectNoEvents();
    }

    static List<String> acceptedNames() {
        return List.of("abc", "a b", "n".repeat(255), "ключ", "名前です", "ci-deploy (prod)");
    }

    @ParameterizedTest
    @MethodSource("acceptedNames")
    void createAcceptsANameOfThreeTo255Characters(String name) {
        fixture.givenNoPriorActivity()
                .when(create().name(name).build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", name, USER, null, null, List.of(), null, null,
                        NOW_MS, SECRET));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ci-deploy", "ci-deploy ", "\tci-deploy", "ci-deploy\n", " ci-deploy ",
            "ci-deploy\u2003", "\u2002ci-deploy", "   ",
            // Unicode white space that String.strip() does not know: no-break spaces and NEL
            "\u00a0ci-deploy", "ci-deploy\u00a0", "ci-deploy\u202f", "\u2007ci-deploy", "ci-deploy\u0085"})
    void createRejectsANameWithLeadingOrTrailingWhiteSpace(String name) {
        fixture.givenNoPriorActivity()
                .when(create().name(name).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "name"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000name", "\u0000abc", "abc\u0000"})
    void createRejectsANameWithANulCharacter(String name) {
        fixture.givenNoPriorActivity()
                .when(create().name(name).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "name"))
                .expectNoEvents();
        assertThat(names.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab\ud800cd", "ab\udc00cd", "abc\ud83d", "\udd11abc", "ab\udd11\ud83dcd"})
    void createRejectsANameThatIsNotValidUnicode(String name) {
        fixture.givenNoPriorActivity()
                .when(create().name(name).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "name"))
                .expectNoEvents();
        assertThat(names.size()).isZero();
    }

    @Test
    void createAcceptsANameWithCharactersBeyondTheBasicPlane() {
        fixture.givenNoPriorActivity()
                .when(create().name("deploy \ud83d\udd11").build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", "deploy \ud83d\udd11", USER, null, null, List.of(),
                        null, null, NOW_MS, SECRET));
    }

    @Test
    void createRejectsAMissingSubject() {
        fixture.givenNoPriorActivity()
                .when(create().subject(null).build())
                .expectException(ledgerException(Kind.MISSING_PARAMETER, "subject"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_2xhFjEI5X2qWRvtV13BzSj8H6Dk", "org_2xhFjEI5X2qWRvtV13BzSj8H6Dk",
            "mch_2xhFjEI5X2qWRvtV13BzSj8H6Dk", "scim_2xhFjEI5X2qWRvtV13BzSj8H6Dk", "user_abcdefghijklmnopqrstuvwxy_0"})
    void createAcceptsAUserOrgMachineOrScimSubject(String subject) {
        fixture.givenNoPriorActivity()
                .when(create().subject(subject).build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, subject, null, null, List.of(), null, null,
                        NOW_MS, SECRET));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user_", "app_2xhFjEI5X2qWRvtV13BzSj8H6Dk", "sess_2xhFjEI5X2qWRvtV13BzSj8H6Dk",
            "ak_2xhFjEI5X2qWRvtV13BzSj8H6Dk", "USER_2xhFjEI5X2qWRvtV13BzSj8H6Dk", "user-2xhFjEI5X2qWRvtV13BzSj8H6Dk",
            "user_2xhFjEI5X2qWRvtV13BzSj8H6D", "user_2xhFjEI5X2qWRvtV13BzSj8H6Dkk", "user_2xhFjEI5X2qWRvtV13BzSj8H6D-",
            "user_2xhFjEI5X2qWRvtV13BzSj8H6D\u00e9", " user_2xhFjEI5X2qWRvtV13BzSj8H6Dk",
            "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk\n", "orguser_2xhFjEI5X2qWRvtV13BzSj8H6Dk"})
    void createRejectsASubjectOfAnotherPattern(String subject) {
        fixture.givenNoPriorActivity()
                .when(create().subject(subject).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "subject"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "org_2xhFjEI5X2qWRvtV13BzSj8H6Dk", "mch_2xhFjEI5X2qWRvtV13BzSj8H6Dk",
            "user_2xhFjEI5X2qWRvtV13BzSj8H6D", "user_2xhFjEI5X2qWRvtV13BzSj8H6Dkk", "someone"})
    void createRejectsACreatedByThatIsNotAUserId(String createdBy) {
        fixture.givenNoPriorActivity()
                .when(create().createdBy(createdBy).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "created_by"))
                .expectNoEvents();
    }

    @Test
    void createRejectsADescriptionLongerThan255Characters() {
        fixture.givenNoPriorActivity()
                .when(create().description("d".repeat(256)).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "description"))
                .expectNoEvents();
    }

    @Test
    void createAcceptsADescriptionOf255Characters() {
        fixture.givenNoPriorActivity()
                .when(create().description("d".repeat(255)).build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, USER, "d".repeat(255), null, List.of(), null,
                        null, NOW_MS, SECRET));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "-1", "-0.001", "-3600"})
    void createRejectsSecondsUntilExpirationOfZeroOrLess(String seconds) {
        fixture.givenNoPriorActivity()
                .when(create().seconds(seconds).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "seconds_until_expiration"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3153600000.001", "3153600001", "1e12", "9223372036854775807", "1e400"})
    void createRejectsSecondsUntilExpirationBeyondAHundredYears(String seconds) {
        fixture.givenNoPriorActivity()
                .when(create().seconds(seconds).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "seconds_until_expiration"))
                .expectNoEvents();
    }

    @Test
    void createAcceptsSecondsUntilExpirationOfExactlyAHundredYears() {
        fixture.givenNoPriorActivity()
                .when(create().seconds(String.valueOf(HUNDRED_YEARS)).build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, USER, null, null, List.of(), null,
                        NOW_MS + HUNDRED_YEARS * 1000, NOW_MS, SECRET));
    }

    @Test
    void createWithANameTakenInTheSubjectFailsWithNameTaken() {
        names.claim(USER, NAME, OTHER_ID);

        fixture.givenNoPriorActivity()
                .when(create().build())
                .expectException(NameTakenException.class)
                .expectException(ledgerException(Kind.CONFLICT, "name"))
                .expectNoEvents();
        assertThat(names.holder(USER, NAME)).contains(OTHER_ID);
        assertThat(vault.find(ID)).isEmpty();
    }

    @Test
    void createWithANameTakenInAnotherSubjectSucceeds() {
        names.claim(ORG, NAME, OTHER_ID);

        fixture.givenNoPriorActivity()
                .when(create().build())
                .expectSuccessfulHandlerExecution();
        assertThat(names.holder(USER, NAME)).contains(ID);
        assertThat(names.holder(ORG, NAME)).contains(OTHER_ID);
    }

    @Test
    void createClaimsTheNameWithinTheSubject() {
        fixture.givenNoPriorActivity()
                .when(create().build())
                .expectSuccessfulHandlerExecution();
        assertThat(names.holder(USER, NAME)).contains(ID);
        assertThat(names.size()).isEqualTo(1);
    }

    @Test
    void createStoresTheWrappedDataKeyInTheVault() {
        fixture.givenNoPriorActivity()
                .when(create().build())
                .expectSuccessfulHandlerExecution();
        assertThat(vault.find(ID)).hasValueSatisfying(key -> assertThat(key).isEqualTo(WRAPPED_KEY));
        assertThat(vault.size()).isEqualTo(1);
    }

    @Test
    void createThatBreaksARuleClaimsNoNameAndStoresNoDataKey() {
        fixture.givenNoPriorActivity()
                .when(create().seconds("-1").build())
                .expectException(LedgerException.class)
                .expectNoEvents();
        assertThat(names.size()).isZero();
        assertThat(vault.size()).isZero();
    }

    /** Every string the ledger stores must fit PostgreSQL text: a NUL would stop the projection for everyone. */
    @ParameterizedTest
    @ValueSource(strings = {"with\u0000nul", "lone\ud800surrogate"})
    void createRejectsUnstorableTextInDescriptionScopesAndClaims(String text) {
        fixture.givenNoPriorActivity()
                .when(create().description(text).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "description"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(create().scopes(List.of("read", text)).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "scopes"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(create().claims(Map.of("nested", List.of(Map.of("k", text)))).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "claims"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(create().claims(Map.of(text, 1)).build())
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "claims"))
                .expectNoEvents();
        assertThat(names.size()).isZero();
    }
}
