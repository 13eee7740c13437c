package org.keyledger.command.apikey;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.secret.DataKeyVault;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * An API key, event-sourced, from its first event on: {@code ApiKeyCreated} or {@code ApiKeyImported}, which come in
 * through {@link ApiKeyCreator} and {@link ApiKeyImporter} (see {@link Arrivals}). Every later command is checked
 * against the key's rules before anything is written; each handler answers with the key's state after its event,
 * which is what the write routes return.
 *
 * <p>Rules beyond the fields: a deleted key cannot be changed (Axon refuses to load it: 404); revoking a revoked
 * key changes nothing and keeps the first reason, so a retried revoke is harmless; a name is unique per subject
 * among keys that are not deleted ({@link ApiKeyNames}).
 */
@Aggregate
public class ApiKey {

    @AggregateIdentifier
    private ApiKeyId id;
    private ApiKeyState state;
    /** What an import brought in, for a retried import to compare itself with; null for a created key. */
    private ApiKeyImported imported;

    protected ApiKey() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    ApiKeyState handle(UpdateApiKey command, ApiKeyNames names, Clock clock) {
        long now = clock.millis();
        List<String> changed = new ArrayList<>();
        String newSubject = pick(command.subject(), state.subject(), ApiKeyRules::subject, "subject", changed);
        String newDescription = pick(command.description(), state.description(), ApiKeyRules::description,
                "description", changed);
        Object newClaims = pick(command.claims(), state.claims(), ApiKeyRules::claims, "claims", changed);
        List<String> newScopes = pick(command.scopes(), state.scopes(), s -> ApiKeyRules.scopes(s, false), "scopes",
                changed);
        Long newExpiration = pick(command.secondsUntilExpiration() == null ? null
                        : Change.to(ApiKeyRules.expiration(command.secondsUntilExpiration().value(), now)),
                state.expiration(), e -> e, "expiration", changed);
        if (changed.isEmpty()) {
            return state;
        }
        if (!newSubject.equals(state.subject())) {
            if (!names.claim(newSubject, state.name(), id)) {
                throw new NameTakenException();
            }
            names.release(state.subject(), state.name(), id);
        }
        apply(new ApiKeyUpdated(id, newSubject, newDescription, newClaims, newScopes, newExpiration, now,
                List.copyOf(changed)));
        return state;
    }

    @CommandHandler
    ApiKeyState handle(RevokeApiKey command, Clock clock) {
        if (command.session() != null) {
            command.session().requireRevocable(state.subject());
        }
        String reason = ApiKeyRules.revocationReason(command.revocationReason());
        if (!state.revoked()) {
            apply(new ApiKeyRevoked(id, reason, clock.millis()));
        }
        return state;
    }

    @CommandHandler
    ApiKeyState handle(DeleteApiKey command, ApiKeyNames names, DataKeyVault vault, Clock clock) {
        names.release(state.subject(), state.name(), id);
        vault.destroy(id);
        apply(new ApiKeyDeleted(id, clock.millis()));
        return state;
    }

    @EventSourcingHandler
    void on(ApiKeyCreated event) {
        id = event.id();
        state = ApiKeyState.of(event);
    }

    @EventSourcingHandler
    void on(ApiKeyImported event) {
        id = event.id();
        state = ApiKeyState.of(event);
        imported = event;
    }

    @EventSourcingHandler
    void on(ApiKeyUpdated event, @SequenceNumber long sequence) {
        state = state.with(event, sequence);
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event, @SequenceNumber long sequence) {
        state = state.with(event, sequence);
    }

    @EventSourcingHandler
    void on(ApiKeyDeleted event, @SequenceNumber long sequence) {
        state = state.with(event, sequence);
        markDeleted();
    }

    ApiKeyImported imported() {
        return imported;
    }

    ApiKeyState state() {
        return state;
    }

    /** The field's new value when the command changes it (noting it in {@code changed}), else the current one. */
    private static <T> T pick(Change<T> change, T current, java.util.function.UnaryOperator<T> rule, String field,
                              List<String> changed) {
        if (change == null) {
            return current;
        }
        T value = rule.apply(change.value());
        if (!Objects.equals(value, current)) {
            changed.add(field);
        }
        return value;
    }
}
