package org.keyledger.command.apikey;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.SealedSecret;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.error.LedgerException.Kind;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creates grouped in one unit of work ({@link CreateApiKeys}, as CreateBatcher sends them): each is handled as if
 * alone, with create's rules ({@link CreateApiKeyTest}), its own outcome and its own event's metadata. (Axon's
 * fixture holds one aggregate's events: a group in which several keys arrive is GroupedCreatesHttpTest's.)
 */
class CreateApiKeysTest extends ApiKeyFixture {

    private static final SealedSecret OTHER_SECRET = new SealedSecret(
            "1f2c6b1e0c8f4f3d5a7e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f61", "Zz99", SECRET.ciphertext());

    private static CreateApiKeys.Item item(ApiKeyId id, String name, String requestId) {
        CreateApiKey command = create().name(name).build();
        return new CreateApiKeys.Item(new CreateApiKey(id, command.type(), command.name(), command.subject(),
                command.description(), command.claims(), command.scopes(), command.createdBy(),
                command.secondsUntilExpiration(), id.equals(ID) ? SECRET : OTHER_SECRET, WRAPPED_KEY),
                MetaData.from(Map.of("requestId", requestId)));
    }

    private static boolean createdWith(EventMessage<?> event, ApiKeyId id, String name, String requestId) {
        return event.getPayload() instanceof ApiKeyCreated created && created.id().equals(id)
                && created.name().equals(name) && requestId.equals(event.getMetaData().get("requestId"));
    }

    @Test
    void ofTwoCreatesOfOneNameInAGroupTheFirstGetsItAndTheSecondIsAConflictAlone() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeys(List.of(item(ID, NAME, "req_1"), item(OTHER_ID, NAME, "req_2"))))
                .expectEventsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate(e -> createdWith(e, ID, NAME, "req_1")), Matchers.andNoMore()))
                .expectResultMessagePayloadMatching(ApiKeyFixture.<List<CreateApiKeys.Outcome>>matching(outcomes ->
                        outcomes.get(0).key() != null && outcomes.get(1).error() instanceof NameTakenException));
        assertThat(names.holder(USER, NAME)).contains(ID);
        assertThat(vault.find(OTHER_ID)).isEmpty();
        assertThat(claims.holdsSecret(OTHER_SECRET.sha256())).as("the loser's hash is released").isFalse();
    }

    @Test
    void aCreateOfAGroupThatBreaksARuleFailsAloneAndClaimsNothing() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeys(List.of(item(ID, "ab", "req_1"), item(OTHER_ID, NAME, "req_2"))))
                .expectEventsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate(e -> createdWith(e, OTHER_ID, NAME, "req_2")), Matchers.andNoMore()))
                .expectResultMessagePayloadMatching(ApiKeyFixture.<List<CreateApiKeys.Outcome>>matching(outcomes ->
                        outcomes.get(0).error() instanceof LedgerException e
                                && e.kind() == Kind.INVALID_PARAMETER && "name".equals(e.parameter())
                                && outcomes.get(1).key() != null));
        assertThat(names.holder(USER, "ab")).isEmpty();
        assertThat(vault.find(ID)).isEmpty();
    }
}
