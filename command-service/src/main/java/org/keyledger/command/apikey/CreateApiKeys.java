package org.keyledger.command.apikey;

import org.axonframework.messaging.MetaData;

import java.util.List;

/**
 * Issue several keys in one unit of work and one transaction, each exactly as its own {@link CreateApiKey} would be:
 * the same rules, its own answer, its own event with its own request's metadata. Concurrent creates are grouped this
 * way ({@link CreateBatcher}), so that a group costs the round trips and the commit of one.
 */
public record CreateApiKeys(List<Item> creates) {

    /** @param metadata the request's who and where, for the key's event (the group's own command carries none) */
    public record Item(CreateApiKey command, MetaData metadata) {
    }

    /** What became of one create: the key, or the error it alone gets. */
    public record Outcome(ApiKeyState key, RuntimeException error) {
    }
}
