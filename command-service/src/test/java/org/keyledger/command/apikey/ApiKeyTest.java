package org.keyledger.command.apikey;

import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.events.SealedSecret;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.error.LedgerException.Kind;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

/**
 * Every rule of the {@link ApiKey} aggregate, one test per rule, against Axon's aggregate fixture with in-memory
 * name and data-key stores and a fixed clock.
 */
class ApiKeyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00.123Z");
    private static final long NOW_MS = NOW.toEpochMilli();
    /** When the key in the given events was created: a minute before now, so that updatedAt visibly moves. */
    private static final long CREATED_MS = NOW_MS - 60_000;
    private static final long HUNDRED_YEARS = 100L * 365 * 24 * 3600;

    private static final ApiKeyId ID = ApiKeyId.of("ak_3beecc9c60adb5f9b850e91a8ee1e992");
    private static final ApiKeyId OTHER_ID = ApiKeyId.of("ak_0123456789abcdef0123456789abcdef");
    private static final String NAME = "ci-deploy";
    private static final String USER = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
    private static final String ORG = "org_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
    private static final String CREATOR = "user_3abcdefghijklmnopqrstuvwxyz";
    private static final Map<String, Object> CLAIMS = Map.of("tenant", "t_1", "Mixed_Case", List.of(1, 2));
    private static final SealedSecret SECRET = new SealedSecret(
            "9f2c6b1e0c8f4f3d5a7e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60", "Xy12",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    private static final byte[] WRAPPED_KEY = {7, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** The key the given events describe: created a minute ago, expiring in a day. */
    private static final ApiKeyCreated CREATED = new ApiKeyCreated(ID, "api_key", NAME, USER, "deploys from CI",
            CLAIMS, List.of("read"), CREATOR, CREATED_MS + 86_400_000L, CREATED_MS, SECRET);

    private FixtureConfiguration<ApiKey> fixture;
    private InMemoryApiKeyNames names;
    private InMemoryDataKeyVault vault;

    @BeforeEach
    void setUp() {
        names = new InMemoryApiKeyNames();
        vault = new InMemoryDataKeyVault();
        fixture = new AggregateTestFixture<>(ApiKey.class)
                .registerInjectableResource(names)
                .registerInjectableResource(vault)
                .registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    // ---------------------------------------------------------------- create

    @Test
    void createEmitsApiKeyCreatedWithTheCheckedFields() {
        fixture.givenNoPriorActivity()
                .when(create().description("deploys from CI").claims(CLAIMS).scopes(List.of("read", "write"))
                        .createdBy(CREATOR).seconds("3600").build())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                        List.of("read", "write"), CREATOR, NOW_MS + 3_600_000L, NOW_MS, SECRET))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                        List.of("read", "write"), false, null, NOW_MS + 3_600_000L, CREATOR, NOW_MS, NOW_MS));
    }

    @Test
    void createDefaultsTypeToApiKeyScopesToEmptyAndExpirationToNever() {
        fixture.givenNoPriorActivity()
                .when(create().build())
                .expectEvents(new ApiKeyCreated(ID, "api_key", NAME, USER, null, null, List.of(), null, null,
                        NOW_MS, SECRET))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, null, null, List.of(),
                        false, null, null, null, NOW_MS, NOW_MS));
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

    // ---------------------------------------------------------------- update

    @Test
    void updateEmitsApiKeyUpdatedNamingOnlyTheChangedFieldsWithEveryNewValue() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, Change.to("new description"), null,
                        Change.to(List.of("read")), null))
                .expectEvents(new ApiKeyUpdated(ID, USER, "new description", CLAIMS, List.of("read"),
                        CREATED.expiration(), NOW_MS, List.of("description")))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, "new description", CLAIMS,
                        List.of("read"), false, null, CREATED.expiration(), CREATOR, CREATED_MS, NOW_MS));
    }

    @Test
    void updateOfEveryMutableFieldNamesThemAll() {
        Map<String, Object> claims = Map.of("tenant", "t_2");
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, Change.to(ORG), Change.to("other"), Change.to(claims),
                        Change.to(List.of("write", "admin")), Change.to(new BigDecimal("60"))))
                .expectEvents(new ApiKeyUpdated(ID, ORG, "other", claims, List.of("write", "admin"),
                        NOW_MS + 60_000, NOW_MS,
                        List.of("subject", "description", "claims", "scopes", "expiration")))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, ORG, "other", claims,
                        List.of("write", "admin"), false, null, NOW_MS + 60_000, CREATOR, CREATED_MS, NOW_MS));
    }

    @Test
    void updateWithExplicitNullClearsDescriptionClaimsAndExpiration() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, Change.to(null), Change.to(null), null, Change.to(null)))
                .expectEvents(new ApiKeyUpdated(ID, USER, null, null, List.of("read"), null, NOW_MS,
                        List.of("description", "claims", "expiration")))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, null, null,
                        List.of("read"), false, null, null, CREATOR, CREATED_MS, NOW_MS));
    }

    @Test
    void updateThatChangesNothingEmitsNoEvent() {
        ApiKeyState unchanged = new ApiKeyState(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                List.of("read"), false, null, CREATED.expiration(), CREATOR, CREATED_MS, CREATED_MS);
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, Change.to(USER), Change.to("deploys from CI"),
                        Change.to(Map.of("Mixed_Case", List.of(1, 2), "tenant", "t_1")), Change.to(List.of("read")),
                        null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(unchanged);
    }

    @Test
    void updateWithNoFieldsEmitsNoEvent() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, null, null, null, null))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(state(s -> s.updatedAt() == CREATED_MS));
    }

    @Test
    void updateSetsExpirationToNowPlusSeconds() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, null, null, null, Change.to(new BigDecimal("0.25"))))
                .expectEvents(new ApiKeyUpdated(ID, USER, "deploys from CI", CLAIMS, List.of("read"), NOW_MS + 250,
                        NOW_MS, List.of("expiration")));
    }

    @Test
    void updateChecksTheSameFieldRulesAsCreate() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, Change.to("app_2xhFjEI5X2qWRvtV13BzSj8H6Dk"), null, null, null, null))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "subject"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, Change.to(null), null, null, null, null))
                .expectException(ledgerException(Kind.MISSING_PARAMETER, "subject"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, Change.to("d".repeat(256)), null, null, null))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "description"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, null, null, null, Change.to(BigDecimal.ZERO)))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "seconds_until_expiration"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, null, null, null, Change.to(BigDecimal.valueOf(HUNDRED_YEARS + 1))))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "seconds_until_expiration"))
                .expectNoEvents();
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

    @ParameterizedTest
    @ValueSource(strings = {"with\u0000nul", "lone\ud800surrogate"})
    void updateAndRevokeRejectUnstorableText(String text) {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, Change.to(text), null, null, null))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "description"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, null, Change.to(List.of(text)), null, null))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "claims"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, null, null, Change.to(List.of(text)), null))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "scopes"))
                .expectNoEvents();
        fixture.given(CREATED)
                .when(new RevokeApiKey(ID, text))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "revocation_reason"))
                .expectNoEvents();
    }

    @Test
    void updateRejectsNullScopes() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, null, null, Change.to(null), null))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "scopes"))
                .expectNoEvents();
    }

    @Test
    void updateThatBreaksOneRuleAppliesNoneOfTheOtherChanges() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, Change.to(ORG), Change.to("fine"), null, null, Change.to(new BigDecimal("-5"))))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "seconds_until_expiration"))
                .expectNoEvents();
    }

    @Test
    void updateOfTheSubjectClaimsTheNameInTheNewSubjectAndReleasesTheOld() {
        names.claim(USER, NAME, ID);

        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, Change.to(ORG), null, null, null, null))
                .expectEvents(new ApiKeyUpdated(ID, ORG, "deploys from CI", CLAIMS, List.of("read"),
                        CREATED.expiration(), NOW_MS, List.of("subject")))
                .expectResultMessagePayloadMatching(state(s -> s.subject().equals(ORG)));
        assertThat(names.holder(ORG, NAME)).contains(ID);
        assertThat(names.holder(USER, NAME)).isEmpty();
    }

    @Test
    void updateToASubjectWhereTheNameIsTakenFailsWithNameTaken() {
        names.claim(USER, NAME, ID);
        names.claim(ORG, NAME, OTHER_ID);

        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, Change.to(ORG), Change.to("other"), null, null, null))
                .expectException(NameTakenException.class)
                .expectException(ledgerException(Kind.CONFLICT, "name"))
                .expectNoEvents();
        assertThat(names.holder(USER, NAME)).contains(ID);
        assertThat(names.holder(ORG, NAME)).contains(OTHER_ID);
    }

    @Test
    void updateKeepsTheSameSubjectsNameClaimed() {
        names.claim(USER, NAME, ID);

        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, Change.to(USER), Change.to("other"), null, null, null))
                .expectEvents(new ApiKeyUpdated(ID, USER, "other", CLAIMS, List.of("read"), CREATED.expiration(),
                        NOW_MS, List.of("description")));
        assertThat(names.holder(USER, NAME)).contains(ID);
    }

    @Test
    void updateOfARevokedKeyKeepsItRevoked() {
        fixture.given(CREATED, new ApiKeyRevoked(ID, "leaked", CREATED_MS + 1))
                .when(new UpdateApiKey(ID, null, Change.to("other"), null, null, null))
                .expectEvents(new ApiKeyUpdated(ID, USER, "other", CLAIMS, List.of("read"), CREATED.expiration(),
                        NOW_MS, List.of("description")))
                .expectResultMessagePayloadMatching(state(s -> s.revoked() && "leaked".equals(s.revocationReason())));
    }

    // ---------------------------------------------------------------- revoke

    @Test
    void revokeEmitsApiKeyRevoked() {
        fixture.given(CREATED)
                .when(new RevokeApiKey(ID, "leaked in a public repository"))
                .expectEvents(new ApiKeyRevoked(ID, "leaked in a public repository", NOW_MS))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                        List.of("read"), true, "leaked in a public repository", CREATED.expiration(), CREATOR,
                        CREATED_MS, NOW_MS));
    }

    @Test
    void revokeWithoutAReasonEmitsApiKeyRevokedWithNullReason() {
        fixture.given(CREATED)
                .when(new RevokeApiKey(ID, null))
                .expectEvents(new ApiKeyRevoked(ID, null, NOW_MS))
                .expectResultMessagePayloadMatching(state(s -> s.revoked() && s.revocationReason() == null));
    }

    @Test
    void revokeOfARevokedKeyEmitsNothingAndKeepsTheFirstReason() {
        long revokedAt = CREATED_MS + 1_000;
        fixture.given(CREATED, new ApiKeyRevoked(ID, "first", revokedAt))
                .when(new RevokeApiKey(ID, "second"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                        List.of("read"), true, "first", CREATED.expiration(), CREATOR, CREATED_MS, revokedAt));
    }

    @Test
    void revokeRejectsAReasonLongerThan1024Characters() {
        fixture.given(CREATED)
                .when(new RevokeApiKey(ID, "r".repeat(1025)))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "revocation_reason"))
                .expectNoEvents();
    }

    @Test
    void revokeAcceptsAReasonOf1024Characters() {
        fixture.given(CREATED)
                .when(new RevokeApiKey(ID, "r".repeat(1024)))
                .expectEvents(new ApiKeyRevoked(ID, "r".repeat(1024), NOW_MS));
    }

    // ---------------------------------------------------------------- delete

    @Test
    void deleteEmitsApiKeyDeletedAndMarksTheKeyDeleted() {
        names.claim(USER, NAME, ID);
        vault.store(ID, WRAPPED_KEY);

        fixture.given(CREATED)
                .when(new DeleteApiKey(ID))
                .expectEvents(new ApiKeyDeleted(ID, NOW_MS))
                .expectMarkedDeleted()
                .expectResultMessagePayloadMatching(nullValue());
    }

    @Test
    void deleteReleasesTheName() {
        names.claim(USER, NAME, ID);
        names.claim(USER, "another-key", OTHER_ID);

        fixture.given(CREATED)
                .when(new DeleteApiKey(ID))
                .expectSuccessfulHandlerExecution();
        assertThat(names.holder(USER, NAME)).isEmpty();
        assertThat(names.holder(USER, "another-key")).contains(OTHER_ID);
    }

    @Test
    void deleteReleasesTheNameInTheSubjectTheKeyMovedTo() {
        names.claim(ORG, NAME, ID);

        fixture.given(CREATED, new ApiKeyUpdated(ID, ORG, null, null, List.of(), null, CREATED_MS + 1,
                        List.of("subject")))
                .when(new DeleteApiKey(ID))
                .expectEvents(new ApiKeyDeleted(ID, NOW_MS));
        assertThat(names.holder(ORG, NAME)).isEmpty();
    }

    @Test
    void deleteDestroysTheDataKey() {
        vault.store(ID, WRAPPED_KEY);
        vault.store(OTHER_ID, new byte[]{1});

        fixture.given(CREATED)
                .when(new DeleteApiKey(ID))
                .expectSuccessfulHandlerExecution();
        assertThat(vault.find(ID)).isEmpty();
        assertThat(vault.find(OTHER_ID)).isPresent();
    }

    @Test
    void deleteOfARevokedKeyIsAllowed() {
        fixture.given(CREATED, new ApiKeyRevoked(ID, null, CREATED_MS + 1))
                .when(new DeleteApiKey(ID))
                .expectEvents(new ApiKeyDeleted(ID, NOW_MS));
    }

    @Test
    void updateAfterDeleteFailsWithAggregateDeleted() {
        fixture.given(CREATED, new ApiKeyDeleted(ID, CREATED_MS + 1))
                .when(new UpdateApiKey(ID, null, Change.to("other"), null, null, null))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void revokeAfterDeleteFailsWithAggregateDeleted() {
        fixture.given(CREATED, new ApiKeyDeleted(ID, CREATED_MS + 1))
                .when(new RevokeApiKey(ID, "too late"))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void deleteAfterDeleteFailsWithAggregateDeleted() {
        fixture.given(CREATED, new ApiKeyDeleted(ID, CREATED_MS + 1))
                .when(new DeleteApiKey(ID))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- state

    @Test
    void stateIsRebuiltFromEveryEvent() {
        Map<String, Object> claims = Map.of("tier", "gold");
        fixture.given(CREATED,
                        new ApiKeyUpdated(ID, ORG, null, claims, List.of("write"), null, CREATED_MS + 10,
                                List.of("subject", "description", "claims", "scopes", "expiration")),
                        new ApiKeyRevoked(ID, "rotated", CREATED_MS + 20))
                .when(new UpdateApiKey(ID, null, null, null, null, null))
                .expectNoEvents()
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, ORG, null, claims,
                        List.of("write"), true, "rotated", null, CREATOR, CREATED_MS, CREATED_MS + 20));
    }

    // ---------------------------------------------------------------- helpers

    private static CreateBuilder create() {
        return new CreateBuilder();
    }

    /** A valid {@link CreateApiKey} with only the required fields, changed one field at a time by the tests. */
    private static final class CreateBuilder {
        private String type;
        private String name = NAME;
        private String subject = USER;
        private String description;
        private Object claims;
        private List<String> scopes;
        private String createdBy;
        private BigDecimal seconds;

        CreateBuilder type(String value) {
            type = value;
            return this;
        }

        CreateBuilder name(String value) {
            name = value;
            return this;
        }

        CreateBuilder subject(String value) {
            subject = value;
            return this;
        }

        CreateBuilder description(String value) {
            description = value;
            return this;
        }

        CreateBuilder claims(Object value) {
            claims = value;
            return this;
        }

        CreateBuilder scopes(List<String> value) {
            scopes = value;
            return this;
        }

        CreateBuilder createdBy(String value) {
            createdBy = value;
            return this;
        }

        CreateBuilder seconds(String value) {
            seconds = new BigDecimal(value);
            return this;
        }

        CreateApiKey build() {
            return new CreateApiKey(ID, type, name, subject, description, claims, scopes, createdBy, seconds, SECRET,
                    WRAPPED_KEY);
        }
    }

    /** A {@link LedgerException} of this kind naming this request field. */
    private static Matcher<LedgerException> ledgerException(Kind kind, String parameter) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(LedgerException e) {
                return e.kind() == kind && parameter.equals(e.parameter());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("LedgerException of kind " + kind + " for parameter " + parameter);
            }

            @Override
            protected void describeMismatchSafely(LedgerException e, Description description) {
                description.appendText("was kind " + e.kind() + " for parameter " + e.parameter()
                        + " (" + e.longMessage() + ")");
            }
        };
    }

    private static Matcher<ApiKeyState> state(java.util.function.Predicate<ApiKeyState> condition) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ApiKeyState state) {
                return condition.test(state);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("an ApiKeyState meeting the condition");
            }
        };
    }
}
