package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cross-key lookups of an import, each one statement for the whole request rather than one per key: which ids
 * the event store knows, the names (the same table as {@link ApiKeyNames}), the secrets' hashes (a secret belongs to
 * one key, for ever: a deleted key keeps its hash) and the data keys. Written in the import's transaction.
 */
public interface ImportClaims {

    record Name(String subject, String name, ApiKeyId id) {
    }

    record Secret(String sha256, ApiKeyId id) {
    }

    /** The ids among {@code ids} that have events already (deleted keys included). */
    Set<ApiKeyId> existing(Collection<ApiKeyId> ids);

    /** Reserves each name for its key, in order (the first of two equal claims wins); answers the keys that got theirs. */
    Set<ApiKeyId> claimNames(List<Name> names);

    /** Reserves each hash for its key, in order; answers the keys that got theirs. */
    Set<ApiKeyId> claimSecrets(List<Secret> secrets);

    /** Undoes this import's claims for these keys (one of their other claims failed). */
    void release(Collection<ApiKeyId> ids);

    void storeDataKeys(Map<ApiKeyId, byte[]> wrappedKeys);
}
