package org.keyledger.command.apikey;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.keyledger.events.ApiKeyArrival;
import org.keyledger.events.ApiKeyId;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Brings checked keys into the ledger, as many as arrive together (a group of creates, an import): their claims in
 * one statement ({@link ArrivalClaims}), then each key's one event straight to the event store, as the first of its
 * aggregate, in one batch. Not through an aggregate instance: a new key has nothing to check that its handler did not
 * check already, and Axon's repository searches all the instances of a unit of work for each one it commits, which
 * made a 1,000-key unit of work quadratic. From its first event on, the {@link ApiKey} aggregate is the key's.
 */
final class Arrivals {

    /**
     * @param metadata the event's own metadata (who, where), over the unit of work's; empty when the unit of work's
     *                 command is the key's own
     */
    record Arrival(ApiKeyArrival event, byte[] wrappedDataKey, MetaData metadata) {
    }

    enum Result { ARRIVED, SECRET_TAKEN, NAME_TAKEN }

    private final ArrivalClaims claims;
    private final Supplier<EventBus> eventStore;

    Arrivals(ArrivalClaims claims, Supplier<EventBus> eventStore) {
        this.claims = claims;
        this.eventStore = eventStore;
    }

    /** @return for each arrival, in order, whether it arrived or which claim another key holds */
    List<Result> arrive(List<Arrival> arrivals) {
        List<ArrivalClaims.Claim> all = arrivals.stream()
                .map(a -> new ArrivalClaims.Claim(a.event().id(), a.event().secret().sha256(), a.event().subject(),
                        a.event().name(), a.wrappedDataKey()))
                .toList();
        ArrivalClaims.Claimed claimed = claims.claim(all);
        List<Result> results = new ArrayList<>(arrivals.size());
        List<ArrivalClaims.Claim> losers = new ArrayList<>();
        List<DomainEventMessage<?>> events = new ArrayList<>(arrivals.size());
        for (int i = 0; i < arrivals.size(); i++) {
            Arrival arrival = arrivals.get(i);
            ApiKeyId id = arrival.event().id();
            boolean secret = claimed.secrets().contains(id);
            boolean name = claimed.names().contains(id);
            if (secret && name) {
                results.add(Result.ARRIVED);
                events.add(new GenericDomainEventMessage<>(ApiKey.class.getSimpleName(), id.value(), 0,
                        arrival.event(), arrival.metadata()));
            } else {
                results.add(secret ? Result.NAME_TAKEN : Result.SECRET_TAKEN);
                if (secret || name) {
                    losers.add(all.get(i));
                }
            }
        }
        if (!losers.isEmpty()) {
            claims.release(losers);
        }
        eventStore.get().publish(events);
        return results;
    }
}
