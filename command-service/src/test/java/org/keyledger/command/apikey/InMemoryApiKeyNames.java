package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ApiKeyNames} in a map, for aggregate tests: (subject, name) → the key holding it. */
final class InMemoryApiKeyNames implements ApiKeyNames {

    private record Entry(String subject, String name) {
    }

    private final Map<Entry, ApiKeyId> held = new LinkedHashMap<>();

    @Override
    public boolean claim(String subject, String name, ApiKeyId id) {
        return held.putIfAbsent(new Entry(subject, name), id) == null;
    }

    @Override
    public void release(String subject, String name, ApiKeyId id) {
        held.remove(new Entry(subject, name), id);
    }

    /** The key that holds {@code name} within {@code subject}, if any. */
    Optional<ApiKeyId> holder(String subject, String name) {
        return Optional.ofNullable(held.get(new Entry(subject, name)));
    }

    int size() {
        return held.size();
    }
}
