package org.keyledger.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/**
 * A ledger event as subscribers receive it on {@link LedgerTopics#EVENTS}: a CloudEvents 1.0 envelope in structured
 * mode. {@code id} is the ledger event's id (deduplicate by it: delivery is at least once); {@code type} is
 * {@code ledger.api_key.created.v1} / {@code updated} / {@code revoked} / {@code deleted}; {@code subject} is the API
 * key id; {@code time} is when the event happened (RFC 3339). {@code data} never holds the secret, its hash or its
 * ciphertext.
 */
@JsonPropertyOrder({"specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LedgerCloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        String time,
        String datacontenttype,
        Map<String, Object> data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String SOURCE = "/key-ledger";

    public static LedgerCloudEvent of(String id, String type, String subject, String time, Map<String, Object> data) {
        return new LedgerCloudEvent(SPEC_VERSION, id, SOURCE, type, subject, time, "application/json", data);
    }
}
