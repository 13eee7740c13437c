package org.keyledger.messages;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A key was verified successfully, last at {@code lastUsedAt} (unix ms). Many verifies of one key between two
 * flushes become one message; applying an older message after a newer one changes nothing.
 */
public record ApiKeyUsed(@JsonProperty("api_key_id") String apiKeyId,
                         @JsonProperty("last_used_at") long lastUsedAt) {
}
