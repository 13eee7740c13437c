package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;
import org.keyledger.events.SealedSecret;

import java.math.BigDecimal;
import java.util.List;

/**
 * Issue a new key ({@link ApiKeyCreator}). The secret arrives already sealed (see SecretIssuer): no command or event
 * ever holds it in plaintext.
 *
 * @param secondsUntilExpiration null for a key that never expires
 * @param wrappedDataKey         the data key that opens {@code secret.ciphertext()}, wrapped by the master key
 */
public record CreateApiKey(
        ApiKeyId id,
        String type,
        String name,
        String subject,
        String description,
        Object claims,
        List<String> scopes,
        String createdBy,
        BigDecimal secondsUntilExpiration,
        SealedSecret secret,
        byte[] wrappedDataKey) {
}
