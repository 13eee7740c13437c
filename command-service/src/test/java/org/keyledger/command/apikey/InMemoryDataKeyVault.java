package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.secret.DataKeyVault;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link DataKeyVault} in a map, for aggregate tests. */
final class InMemoryDataKeyVault implements DataKeyVault {

    private final Map<ApiKeyId, byte[]> keys = new HashMap<>();

    /** As the arrival claims store it (InMemoryArrivalClaims), or as the given events left it. */
    void store(ApiKeyId id, byte[] wrappedKey) {
        if (keys.putIfAbsent(id, wrappedKey.clone()) != null) {
            throw new IllegalStateException("a data key is already stored for " + id);
        }
    }

    @Override
    public Optional<byte[]> find(ApiKeyId id) {
        return Optional.ofNullable(keys.get(id)).map(byte[]::clone);
    }

    @Override
    public void destroy(ApiKeyId id) {
        keys.remove(id);
    }

    int size() {
        return keys.size();
    }
}
