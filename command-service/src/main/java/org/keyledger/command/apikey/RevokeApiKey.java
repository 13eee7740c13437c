package org.keyledger.command.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.session.Session;

/**
 * Stop a key from ever verifying again. {@code revocationReason} may be null.
 *
 * @param session the session that asks, which may revoke only keys it manages; null for the instance key
 */
public record RevokeApiKey(@TargetAggregateIdentifier ApiKeyId id, String revocationReason, Session session) {

    public RevokeApiKey(ApiKeyId id, String revocationReason) {
        this(id, revocationReason, null);
    }
}
