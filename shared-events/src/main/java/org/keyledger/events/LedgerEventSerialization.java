package org.keyledger.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of ledger events, shared by the event store and the golden-file tests, so that what is
 * tested is exactly what is stored.
 */
public final class LedgerEventSerialization {

    private LedgerEventSerialization() {
    }

    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                // stored events are read by later versions of the ledger: a field added later must not break reads
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // claims are arbitrary JSON: keep decimals exact
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }
}
