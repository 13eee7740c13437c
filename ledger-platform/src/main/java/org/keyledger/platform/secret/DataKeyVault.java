package org.keyledger.platform.secret;

import org.keyledger.events.ApiKeyId;

import java.util.Optional;

/**
 * The wrapped data keys, one per key that is not deleted. Stored by the command side with the key's other claims, in
 * the transaction of its first event; read by the query side to answer {@code GET /api_keys/{id}/secret}; destroyed
 * with the key.
 */
public interface DataKeyVault {

    Optional<byte[]> find(ApiKeyId id);

    /** Crypto-shredding: without the data key the sealed secret in the event history can never be opened again. */
    void destroy(ApiKeyId id);
}
