package org.keyledger.events;

/**
 * What the ledger keeps of a key's secret: never the secret itself.
 *
 * @param sha256     hex SHA-256 of the full secret; verify finds the key by it
 * @param hint       a short display hint (the secret's last characters, which are checksum, not entropy)
 * @param ciphertext base64 of nonce ‖ AES-256-GCM ciphertext under the key's own data key; the data key lives
 *                   outside the event store, so destroying it shreds this field everywhere
 */
public record SealedSecret(String sha256, String hint, String ciphertext) {
}
