package org.keyledger.events;

import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;

/**
 * A key was brought into the ledger by bulk import: a key that lived elsewhere (with its own secret, or only that
 * secret's SHA-256) or a new one the ledger issued on import. Unlike {@link ApiKeyCreated} it may carry a past
 * creation time and arrive revoked or expired. Timestamps are unix milliseconds.
 *
 * @param secretSource {@code issued} (the ledger made the secret), {@code secret} (the importer sent it; kept sealed)
 *                     or {@code sha256} (only its hash was sent: the key verifies, its secret can never be read back,
 *                     so {@code secret.hint()} and {@code secret.ciphertext()} are null)
 * @param importedAt   when the ledger took the key in; the key's {@code updated_at}
 */
@Revision("1")
public record ApiKeyImported(
        ApiKeyId id,
        String type,
        String name,
        String subject,
        String description,
        Object claims,
        List<String> scopes,
        String createdBy,
        Long expiration,
        long createdAt,
        boolean revoked,
        String revocationReason,
        long importedAt,
        String secretSource,
        SealedSecret secret) implements ApiKeyArrival {

    public static final String ISSUED = "issued";
    public static final String SECRET = "secret";
    public static final String SHA256 = "sha256";

    @Override
    public EventDescription describe() {
        Map<String, Object> data = arrivingFields();
        data.put("created_at", createdAt);
        data.put("revoked", revoked);
        data.put("revocation_reason", revocationReason);
        data.put("secret_source", secretSource); // how the secret came, never the secret
        return new EventDescription("api_key.imported", List.copyOf(data.keySet()), data);
    }

    /** Whether the ledger can open the secret again (GET …/secret). */
    public boolean secretRecoverable() {
        return secret.ciphertext() != null;
    }
}
