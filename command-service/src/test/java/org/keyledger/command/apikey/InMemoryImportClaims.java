package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link ImportClaims} over the in-memory names and vault of the aggregate tests, plus a set of known ids. */
final class InMemoryImportClaims implements ImportClaims {

    private final InMemoryApiKeyNames names;
    private final InMemoryDataKeyVault vault;
    private final Set<ApiKeyId> known = new HashSet<>();
    private final Map<String, ApiKeyId> secrets = new HashMap<>();

    InMemoryImportClaims(InMemoryApiKeyNames names, InMemoryDataKeyVault vault) {
        this.names = names;
        this.vault = vault;
    }

    /** Tells the claims that the fixture's given events exist for this id. */
    void known(ApiKeyId id) {
        known.add(id);
    }

    @Override
    public Set<ApiKeyId> existing(Collection<ApiKeyId> ids) {
        Set<ApiKeyId> found = new HashSet<>(ids);
        found.retainAll(known);
        return found;
    }

    @Override
    public Set<ApiKeyId> claimNames(List<Name> claims) {
        Set<ApiKeyId> held = new HashSet<>();
        claims.forEach(c -> {
            if (names.claim(c.subject(), c.name(), c.id())) {
                held.add(c.id());
            }
        });
        return held;
    }

    @Override
    public Set<ApiKeyId> claimSecrets(List<Secret> claims) {
        Set<ApiKeyId> held = new HashSet<>();
        claims.forEach(c -> {
            if (secrets.putIfAbsent(c.sha256(), c.id()) == null) {
                held.add(c.id());
            }
        });
        return held;
    }

    @Override
    public void release(Collection<ApiKeyId> ids) {
        secrets.values().removeIf(ids::contains);
        ids.forEach(id -> names.holderSubjects(id).forEach(subject -> names.release(subject, id)));
    }

    @Override
    public void storeDataKeys(Map<ApiKeyId, byte[]> wrappedKeys) {
        wrappedKeys.forEach(vault::store);
    }

    boolean holdsSecret(String sha256) {
        return secrets.containsKey(sha256);
    }
}
