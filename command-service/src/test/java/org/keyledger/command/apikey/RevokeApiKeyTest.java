package org.keyledger.command.apikey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.platform.error.LedgerException.Kind;

import java.util.List;

/** Every rule of {@link RevokeApiKey}, one test per rule. */
class RevokeApiKeyTest extends ApiKeyFixture {

    @Test
    void revokeEmitsApiKeyRevoked() {
        fixture.given(CREATED)
                .when(new RevokeApiKey(ID, "leaked in a public repository"))
                .expectEvents(new ApiKeyRevoked(ID, "leaked in a public repository", NOW_MS))
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                        List.of("read"), true, "leaked in a public repository", CREATED.expiration(), CREATOR,
                        CREATED_MS, NOW_MS, 1));
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
                        List.of("read"), true, "first", CREATED.expiration(), CREATOR, CREATED_MS, revokedAt, 1));
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

    @ParameterizedTest
    @ValueSource(strings = {"with\u0000nul", "lone\ud800surrogate"})
    void revokeRejectsUnstorableText(String text) {
        fixture.given(CREATED)
                .when(new RevokeApiKey(ID, text))
                .expectException(ledgerException(Kind.INVALID_PARAMETER, "revocation_reason"))
                .expectNoEvents();
    }
}
