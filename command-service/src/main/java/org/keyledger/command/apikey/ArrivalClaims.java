package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What keys coming into the ledger (created or imported, see {@link Arrivals}) claim across keys, for a whole group
 * of them at once rather than one by one: their secrets' hashes (a secret belongs to one key, for ever: a deleted key
 * keeps its hash), their names (the same table as {@link ApiKeyNames}) and their data keys; and which ids the event
 * store knows. Written in the arriving keys' transaction.
 */
public interface ArrivalClaims {

    /** @param wrappedDataKey null for a key known only by its secret's hash */
    record Claim(ApiKeyId id, String sha256, String subject, String name, byte[] wrappedDataKey) {
    }

    /** The keys that got their secret's hash, and those that got their name. */
    record Claimed(Set<ApiKeyId> secrets, Set<ApiKeyId> names) {
    }

    /** The ids among {@code ids} that have events already (deleted keys included). */
    Set<ApiKeyId> existing(Collection<ApiKeyId> ids);

    /**
     * Reserves each key's hash and its name, in order (the first of two equal claims wins), and stores the data key of
     * each key that got both.
     */
    Claimed claim(List<Claim> claims);

    /** Undoes these claims, those each key got (one of its claims failed, so it does not arrive). */
    void release(Collection<Claim> claims);
}
