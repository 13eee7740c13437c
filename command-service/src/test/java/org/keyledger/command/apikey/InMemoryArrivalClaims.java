package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@link ArrivalClaims} over the in-memory names and vault of the aggregate tests, plus hashes and known ids. */
final class InMemoryArrivalClaims implements ArrivalClaims {

    private final InMemoryApiKeyNames names;
    private final InMemoryDataKeyVault vault;
    private final Set<ApiKeyId> known = new HashSet<>();
    private final Map<String, ApiKeyId> secrets = new HashMap<>();

    InMemoryArrivalClaims(InMemoryApiKeyNames names, InMemoryDataKeyVault vault) {
        this.names = names;
        this.vault = vault;
    }

    /** Tells the claims that the fixture's given events exist for this id. */
    void known(ApiKeyId id) {
        known.add(id);
    }

    /** Every id {@link #existing} was asked about. */
    final java.util.List<ApiKeyId> lookedUp = new java.util.ArrayList<>();

    @Override
    public Set<ApiKeyId> existing(Collection<ApiKeyId> ids) {
        lookedUp.addAll(ids);
        Set<ApiKeyId> found = new HashSet<>(ids);
        found.retainAll(known);
        return found;
    }

    @Override
    public Claimed claim(java.util.List<Claim> claims) {
        Set<ApiKeyId> heldSecrets = new HashSet<>();
        Set<ApiKeyId> heldNames = new HashSet<>();
        for (Claim claim : claims) {
            if (secrets.putIfAbsent(claim.sha256(), claim.id()) == null) {
                heldSecrets.add(claim.id());
            }
            if (names.claim(claim.subject(), claim.name(), claim.id())) {
                heldNames.add(claim.id());
            }
            if (claim.wrappedDataKey() != null && heldSecrets.contains(claim.id())
                    && heldNames.contains(claim.id())) {
                vault.store(claim.id(), claim.wrappedDataKey());
            }
        }
        return new Claimed(heldSecrets, heldNames);
    }

    @Override
    public void release(Collection<Claim> claims) {
        for (Claim claim : claims) {
            secrets.remove(claim.sha256(), claim.id());
            names.release(claim.subject(), claim.name(), claim.id());
        }
    }

    /** As if another key had arrived with this secret. */
    void holdSecret(String sha256, ApiKeyId id) {
        secrets.put(sha256, id);
    }

    boolean holdsSecret(String sha256) {
        return secrets.containsKey(sha256);
    }
}
