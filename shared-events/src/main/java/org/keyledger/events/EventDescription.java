package org.keyledger.events;

import java.util.List;
import java.util.Map;

/**
 * What a ledger event says, for people and for other systems: its type ({@code api_key.revoked}), the fields it
 * changed, and their new values with wire names. The one place that decides what of an event leaves the ledger
 * (each event's {@link ApiKeyEvent#describe()}): never the secret, its hash or its ciphertext. Used by the audit
 * route and by the Kafka publisher.
 *
 * @param data the new values by wire name, in a stable order (null values kept)
 */
public record EventDescription(String type, List<String> changed, Map<String, Object> data) {
}
