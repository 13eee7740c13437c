package org.keyledger.messages;

/** The ledger's Kafka topics. Each is keyed by API key id, so one key's messages stay in order. */
public final class LedgerTopics {

    /** {@link ApiKeyUsed}: successful verifies, coalesced per key; feeds {@code last_used_at}. */
    public static final String USAGE = "ledger.api-key-usage.v1";
    /** {@link LedgerCloudEvent}: every ledger event, for subscribers (gateways, caches, mailers). */
    public static final String EVENTS = "ledger.api-key-events.v1";

    private LedgerTopics() {
    }
}
