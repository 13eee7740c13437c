package org.keyledger.command.apikey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.error.LedgerException.Kind;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of {@link UpdateApiKey}, one test per rule, and the state the aggregate rebuilds from its events. */
class UpdateApiKeyTest extends ApiKeyFixture {

    @Test
    void updateEmitsApiKeyUpdatedNamingOnlyTheChangedFieldsWithEveryNewValue() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, Change.to("new description"), null,
                        Change.to(List.of("read")), null))
                .expectEvents(new ApiKeyUpdated(ID, USER, "new description", CLAIMS, List.of("read"),
                        CREATED.expiration(), NOW_MS, List.of("description")))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, "new description", CLAIMS,
                        List.of("read"), false, null, CREATED.expiration(), CREATOR, CREATED_MS, NOW_MS, 1));
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
                        List.of("write", "admin"), false, null, NOW_MS + 60_000, CREATOR, CREATED_MS, NOW_MS, 1));
    }

    @Test
    void updateWithExplicitNullClearsDescriptionClaimsAndExpiration() {
        fixture.given(CREATED)
                .when(new UpdateApiKey(ID, null, Change.to(null), Change.to(null), null, Change.to(null)))
                .expectEvents(new ApiKeyUpdated(ID, USER, null, null, List.of("read"), null, NOW_MS,
                        List.of("description", "claims", "expiration")))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, null, null,
                        List.of("read"), false, null, null, CREATOR, CREATED_MS, NOW_MS, 1));
    }

    @Test
    void updateThatChangesNothingEmitsNoEvent() {
        ApiKeyState unchanged = new ApiKeyState(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                List.of("read"), false, null, CREATED.expiration(), CREATOR, CREATED_MS, CREATED_MS, 0);
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

    @ParameterizedTest
    @ValueSource(strings = {"with\u0000nul", "lone\ud800surrogate"})
    void updateRejectsUnstorableText(String text) {
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
    }

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
                        List.of("write"), true, "rotated", null, CREATOR, CREATED_MS, CREATED_MS + 20, 2));
    }
}
