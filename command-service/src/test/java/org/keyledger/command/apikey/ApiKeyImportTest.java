package org.keyledger.command.apikey;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.SealedSecret;
import org.keyledger.platform.error.LedgerException.Kind;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of bulk import ({@link ApiKeyImporter} over the {@link ApiKey} aggregate), one test per rule, on the
 * aggregate's fixture with in-memory hashes beside its names and data keys.
 */
class ApiKeyImportTest extends ApiKeyFixture {

    private static final long DAY = 86_400_000L;
    /** A secret from another issuer: sealed, with no hint (its last characters are entropy, not a checksum). */
    private static final SealedSecret SEALED = new SealedSecret(SECRET.sha256(), null, SECRET.ciphertext());
    private static final SealedSecret HASH_ONLY = new SealedSecret(
            "0000000000000000000000000000000000000000000000000000000000000001", null, null);

    /** A key with a sealed secret of its own and nothing else but its name and subject. */
    private static ImportApiKeys.Key key(ApiKeyId id, String name) {
        return new ImportApiKeys.Key(id, null, name, USER, null, null, null, null, null, null, null, null,
                ApiKeyImported.SECRET, SEALED, WRAPPED_KEY);
    }

    private static ImportApiKeys.Key with(ImportApiKeys.Key k, Long createdAt, Long expiration, Boolean revoked,
                                          String reason) {
        return new ImportApiKeys.Key(k.id(), k.type(), k.name(), k.subject(), k.description(), k.claims(),
                k.scopes(), k.createdBy(), createdAt, expiration, revoked, reason, k.secretSource(), k.secret(),
                k.wrappedDataKey());
    }

    private static ImportApiKeys.Key hashOnly(ImportApiKeys.Key k) {
        return new ImportApiKeys.Key(k.id(), k.type(), k.name(), k.subject(), k.description(), k.claims(),
                k.scopes(), k.createdBy(), k.createdAt(), k.expiration(), k.revoked(), k.revocationReason(),
                ApiKeyImported.SHA256, HASH_ONLY, null);
    }

    private static ImportApiKeys request(ImportApiKeys.Key... keys) {
        return new ImportApiKeys(List.of(keys));
    }

    private static ApiKeyImported imported(ApiKeyId id, String name, long createdAt, Long expiration,
                                           boolean revoked, String reason) {
        return new ApiKeyImported(id, "api_key", name, USER, null, null, List.of(), null, expiration, createdAt,
                revoked, reason, NOW_MS, ApiKeyImported.SECRET, SEALED);
    }

    // ---------------------------------------------------------------- success

    @Test
    void aKeyIsImportedAsApiKeyImportedWithCreatesDefaults() {
        fixture.givenNoPriorActivity()
                .when(request(key(ID, "legacy")))
                .expectEvents(imported(ID, "legacy", NOW_MS, null, false, null))
                .expectResultMessagePayloadMatching(outcomes(o -> o.size() == 1 && o.get(0).fresh()
                        && o.get(0).key().equals(new ApiKeyState(ID, "api_key", "legacy", USER, null, null,
                        List.of(), false, null, null, null, NOW_MS, NOW_MS, 0))));
        assertThat(names.holder(USER, "legacy")).contains(ID);
        assertThat(vault.find(ID)).isPresent();
        assertThat(claims.holdsSecret(SEALED.sha256())).isTrue();
    }

    /** An id the ledger made for the import cannot belong to a key yet, so it is not looked up; a given one is. */
    @Test
    void anIdTheLedgerMadeForTheImportIsNotLookedUp() {
        ImportApiKeys.Key k = key(ID, "made");
        fixture.givenNoPriorActivity()
                .when(request(new ImportApiKeys.Key(ID, k.type(), k.name(), k.subject(), k.description(), k.claims(),
                        k.scopes(), k.createdBy(), k.createdAt(), k.expiration(), k.revoked(), k.revocationReason(),
                        k.secretSource(), k.secret(), k.wrappedDataKey(), false)))
                .expectEvents(imported(ID, "made", NOW_MS, null, false, null));
        assertThat(claims.lookedUp).isEmpty();
    }

    @Test
    void anIdTheImporterGaveIsLookedUp() {
        fixture.givenNoPriorActivity()
                .when(request(key(ID, "given")))
                .expectEvents(imported(ID, "given", NOW_MS, null, false, null));
        assertThat(claims.lookedUp).containsExactly(ID);
    }

    @Test
    void aKeyKeepsItsPastCreationItsExpirationAndItsRevocation() {
        long created = NOW_MS - 30 * DAY;
        fixture.givenNoPriorActivity()
                .when(request(with(key(ID, "legacy"), created, created + DAY, true, "leaked")))
                .expectEvents(imported(ID, "legacy", created, created + DAY, true, "leaked"))
                .expectResultMessagePayloadMatching(outcomes(o -> o.get(0).key().revoked()
                        && "leaked".equals(o.get(0).key().revocationReason()) && o.get(0).key().createdAt() == created
                        && o.get(0).key().updatedAt() == NOW_MS));
    }

    @Test
    void aKeyKnownOnlyByItsHashStoresNoDataKey() {
        fixture.givenNoPriorActivity()
                .when(request(hashOnly(key(ID, "legacy"))))
                .expectSuccessfulHandlerExecution();
        assertThat(vault.find(ID)).isEmpty();
        assertThat(claims.holdsSecret(HASH_ONLY.sha256())).isTrue();
    }

    // ---------------------------------------------------------------- rules of one key

    @Test
    void createdAtMustNotBeInTheFuture() {
        fixture.givenNoPriorActivity()
                .when(request(with(key(ID, "legacy"), NOW_MS + 1, null, null, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.INVALID_PARAMETER, "created_at"));
    }

    @Test
    void expirationMustBeAfterCreatedAtAndWithinAHundredYearsButMayBePast() {
        long created = NOW_MS - 10 * DAY;
        fixture.givenNoPriorActivity()
                .when(request(with(key(ID, "at-creation"), created, created, null, null),
                        with(key(OTHER_ID, "far"), created, created + 101L * 365 * DAY, null, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.INVALID_PARAMETER, "expiration"));
        setUp();
        fixture.givenNoPriorActivity()
                .when(request(with(key(ID, "expired"), created, created + DAY, null, null)))
                .expectEvents(imported(ID, "expired", created, created + DAY, false, null));
    }

    @Test
    void aRevocationReasonNeedsRevoked() {
        fixture.givenNoPriorActivity()
                .when(request(with(key(ID, "legacy"), null, null, false, "why")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.INVALID_PARAMETER, "revocation_reason"));
    }

    @Test
    void createsFieldRulesHold() {
        fixture.givenNoPriorActivity()
                .when(request(key(ID, "no")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.INVALID_PARAMETER, "name"));
    }

    @Test
    void aNameHeldByAnotherKeyIsAConflictAndTheKeysSecretIsFreedAgain() {
        names.claim(USER, "legacy", OTHER_ID);
        fixture.givenNoPriorActivity()
                .when(request(key(ID, "legacy")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.CONFLICT, "name"));
        assertThat(claims.holdsSecret(SEALED.sha256())).isFalse();
        assertThat(vault.find(ID)).isEmpty();
    }

    @Test
    void aSecretHeldByAnotherKeyIsAConflictAndTheKeysNameIsFreedAgain() {
        claims.holdSecret(HASH_ONLY.sha256(), OTHER_ID);
        fixture.givenNoPriorActivity()
                .when(request(hashOnly(key(ID, "legacy"))))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.CONFLICT, "secret_sha256"));
        assertThat(names.holder(USER, "legacy")).isEmpty();
    }

    @Test
    void anIdAppearsOncePerRequest() {
        fixture.givenNoPriorActivity()
                .when(request(key(ID, "first"), key(ID, "second")))
                .expectEvents(imported(ID, "first", NOW_MS, null, false, null))
                .expectResultMessagePayloadMatching(failed(1, Kind.INVALID_PARAMETER, "id"));
    }

    // ---------------------------------------------------------------- retries

    @Test
    void theSameImportAgainRecordsNothingAndAnswersTheKey() {
        claims.known(ID);
        fixture.given(new ApiKeyImported(ID, "api_key", "legacy", USER, null, Map.of("n", 1), List.of(), null,
                        null, NOW_MS - DAY, false, null, NOW_MS - 1000, ApiKeyImported.SECRET, SEALED))
                .when(request(new ImportApiKeys.Key(ID, null, "legacy", USER, null, Map.of("n", 1), null, null,
                        null, null, null, null, ApiKeyImported.SECRET,
                        new SealedSecret(SEALED.sha256(), null, "other ciphertext"), WRAPPED_KEY)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(outcomes(o -> !o.get(0).fresh()
                        && o.get(0).key().createdAt() == NOW_MS - DAY && o.get(0).key().updatedAt() == NOW_MS - 1000));
    }

    @Test
    void theSameIdWithOtherContentIsAConflict() {
        claims.known(ID);
        fixture.given(imported(ID, "legacy", NOW_MS - DAY, null, false, null))
                .when(request(with(key(ID, "legacy"), NOW_MS - 2 * DAY, null, null, null)))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.CONFLICT, "id"));
    }

    @Test
    void theIdOfACreatedKeyIsAConflict() {
        claims.known(ID);
        fixture.given(new ApiKeyCreated(ID, "api_key", "legacy", USER, null, null, List.of(), null, null,
                        NOW_MS - DAY, SEALED))
                .when(request(key(ID, "legacy")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.CONFLICT, "id"));
    }

    @Test
    void theIdOfADeletedKeyIsAConflict() {
        claims.known(ID);
        fixture.given(imported(ID, "legacy", NOW_MS - DAY, null, false, null), new ApiKeyDeleted(ID, NOW_MS - 1))
                .when(request(key(ID, "legacy")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(failed(0, Kind.CONFLICT, "id"));
    }

    @Test
    void anImportedKeyRevokesLikeAnyOtherAndARevokedImportStaysAsItIs() {
        fixture.given(imported(ID, "legacy", NOW_MS - DAY, null, true, "leaked"))
                .when(new RevokeApiKey(ID, "again"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(state(s -> s.revoked() && "leaked".equals(s.revocationReason())));
    }

    // ---------------------------------------------------------------- matchers

    private static Matcher<List<ImportApiKeys.Outcome>> outcomes(Predicate<List<ImportApiKeys.Outcome>> condition) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<ImportApiKeys.Outcome> outcomes) {
                return condition.test(outcomes);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("outcomes meeting the condition");
            }
        };
    }

    private static Matcher<List<ImportApiKeys.Outcome>> failed(int index, Kind kind, String parameter) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<ImportApiKeys.Outcome> outcomes) {
                var error = outcomes.get(index).error();
                return error != null && error.kind() == kind && parameter.equals(error.parameter());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("key " + index + " failed with " + kind + " for " + parameter);
            }

            @Override
            protected void describeMismatchSafely(List<ImportApiKeys.Outcome> outcomes, Description description) {
                var error = outcomes.get(index).error();
                description.appendText(error == null ? "it succeeded"
                        : "was " + error.kind() + " for " + error.parameter() + " (" + error.longMessage() + ")");
            }
        };
    }
}
