package org.keyledger.platform.secret;

import org.keyledger.events.ApiKeyId;

import java.util.Optional;

/**
 * The wrapped data keys, one per key that is not deleted. Written by the command side in the same transaction as
 * the key's events; read by the query side to answer {@code GET /api_keys/{id}/secret}.
 */
public interface DataKeyVault {

    void store(ApiKeyId id, byte[] wrappedKey);

    Optional<byte[]> find(ApiKeyId id);

    /** Crypto-shredding: without the data key the sealed secret in the event history can never be opened again. */
    void destroy(ApiKeyId id);
}
