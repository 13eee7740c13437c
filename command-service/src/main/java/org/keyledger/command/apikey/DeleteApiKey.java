package org.keyledger.command.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.keyledger.events.ApiKeyId;

/** Remove a key: it stops verifying, leaves every listing, frees its name and has its secret shredded. */
public record DeleteApiKey(@TargetAggregateIdentifier ApiKeyId id) {
}
