package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;

/**
 * Names are unique per subject among keys that are not deleted: a rule across aggregates, so it is kept in a
 * command-side lookup table written in the same transaction as the key's events, never by reading the query model.
 */
public interface ApiKeyNames {

    /** Reserves {@code name} within {@code subject} for the key; false when another key holds it. */
    boolean claim(String subject, String name, ApiKeyId id);

    /** Frees the key's {@code name} within {@code subject}, if the key holds it. */
    void release(String subject, String name, ApiKeyId id);
}
