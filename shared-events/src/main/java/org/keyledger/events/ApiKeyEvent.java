package org.keyledger.events;

/**
 * Every event of an API key. Sealed, so the set is closed: each one says what it means in {@link #describe()},
 * and a new event does not compile until it does.
 */
public sealed interface ApiKeyEvent permits ApiKeyCreated, ApiKeyUpdated, ApiKeyRevoked, ApiKeyDeleted {

    ApiKeyId id();

    /** What the event says, for the audit route and subscribers; never the secret (see {@link EventDescription}). */
    EventDescription describe();
}
