package org.keyledger.command.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.keyledger.events.ApiKeyId;

import java.math.BigDecimal;
import java.util.List;

/** Change some of a key's mutable fields; a null {@link Change} leaves its field as it is. */
public record UpdateApiKey(
        @TargetAggregateIdentifier ApiKeyId id,
        Change<String> subject,
        Change<String> description,
        Change<Object> claims,
        Change<List<String>> scopes,
        Change<BigDecimal> secondsUntilExpiration) {
}
