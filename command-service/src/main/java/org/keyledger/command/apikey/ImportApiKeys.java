package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;
import org.keyledger.events.SealedSecret;
import org.keyledger.platform.error.LedgerException;

import java.util.List;

/**
 * Bring up to {@link #MAX_KEYS} keys into the ledger in one unit of work (see {@link ApiKeyImporter}). Each key is
 * checked on its own: the answer has one {@link Outcome} per key, in order, and a key that fails leaves the others
 * alone. Secrets arrive already sealed (or as a bare SHA-256): no command holds a plaintext secret.
 */
public record ImportApiKeys(List<Key> keys) {

    public static final int MAX_KEYS = 1000;

    /**
     * One key as the importer sent it, its JSON shape already read.
     *
     * @param createdAt      unix ms; null: now
     * @param expiration     unix ms; null: never
     * @param revoked        null: false
     * @param secretSource   {@link org.keyledger.events.ApiKeyImported#ISSUED}, {@code SECRET} or {@code SHA256}
     * @param wrappedDataKey opens {@code secret.ciphertext()}; null when only the hash is known
     * @param idGiven        false when the ledger made the id for this import: no key can have it, so nobody looks
     */
    public record Key(ApiKeyId id, String type, String name, String subject, String description, Object claims,
                      List<String> scopes, String createdBy, Long createdAt, Long expiration, Boolean revoked,
                      String revocationReason, String secretSource, SealedSecret secret, byte[] wrappedDataKey,
                      boolean idGiven) {

        /** A key whose id the importer gave. */
        public Key(ApiKeyId id, String type, String name, String subject, String description, Object claims,
                   List<String> scopes, String createdBy, Long createdAt, Long expiration, Boolean revoked,
                   String revocationReason, String secretSource, SealedSecret secret, byte[] wrappedDataKey) {
            this(id, type, name, subject, description, claims, scopes, createdBy, createdAt, expiration, revoked,
                    revocationReason, secretSource, secret, wrappedDataKey, true);
        }
    }

    /**
     * What became of one key: {@code key} on success ({@code fresh} when this import brought it in, false for a
     * harmless retry), else {@code error}.
     */
    public record Outcome(ApiKeyState key, boolean fresh, LedgerException error) {

        static Outcome imported(ApiKeyState key, boolean fresh) {
            return new Outcome(key, fresh, null);
        }

        static Outcome failed(LedgerException error) {
            return new Outcome(null, false, error);
        }
    }
}
