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
    public void release(String subject, ApiKeyId id) {
        held.entrySet().removeIf(e -> e.getKey().subject().equals(subject) && e.getValue().equals(id));
    }

    /** The key that holds {@code name} within {@code subject}, if any. */
    Optional<ApiKeyId> holder(String subject, String name) {
        return Optional.ofNullable(held.get(new Entry(subject, name)));
    }

    /** The subjects in which the key holds a name. */
    java.util.List<String> holderSubjects(ApiKeyId id) {
        return held.entrySet().stream().filter(e -> e.getValue().equals(id)).map(e -> e.getKey().subject()).toList();
    }

    int size() {
        return held.size();
    }
}
