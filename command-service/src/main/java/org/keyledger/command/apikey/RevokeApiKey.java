package org.keyledger.command.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.keyledger.events.ApiKeyId;

/** Stop a key from ever verifying again. {@code revocationReason} may be null. */
public record RevokeApiKey(@TargetAggregateIdentifier ApiKeyId id, String revocationReason) {
}
