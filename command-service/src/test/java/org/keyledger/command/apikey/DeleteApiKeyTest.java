package org.keyledger.command.apikey;

import org.axonframework.eventsourcing.AggregateDeletedException;
import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of {@link DeleteApiKey}, one test per rule, and that a deleted key takes no command. */
class DeleteApiKeyTest extends ApiKeyFixture {

    @Test
    void deleteEmitsApiKeyDeletedAndMarksTheKeyDeleted() {
        names.claim(USER, NAME, ID);
        vault.store(ID, WRAPPED_KEY);

        fixture.given(CREATED)
                .when(new DeleteApiKey(ID))
                .expectEvents(new ApiKeyDeleted(ID, NOW_MS))
                .expectMarkedDeleted()
                // the key's last state, changed at the delete: what the write waits for the read model to apply
                .expectResultMessagePayload(new ApiKeyState(ID, "api_key", NAME, USER, "deploys from CI", CLAIMS,
                        List.of("read"), false, null, CREATED.expiration(), CREATOR, CREATED_MS, NOW_MS, 1));
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
}
