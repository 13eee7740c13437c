package org.keyledger.query.projection;

import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A change event (update, revoke, delete) as what it sets in its key's row of {@code api_key_view}, with the event's
 * sequence number, which the row then records as {@code last_sequence}: the one place both the tracking projection
 * ({@link ApiKeyProjection}) and the write-through ({@link WriteThroughProjection}) take it from.
 */
record RowChange(ApiKeyId id, long sequence, Map<String, Object> columns) {

    static RowChange of(ApiKeyUpdated event, long sequence, JsonMapper json) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("subject", event.subject());
        columns.put("description", event.description());
        columns.put("claims", json(event.claims(), json));
        columns.put("scopes", json.writeValueAsString(event.scopes()));
        columns.put("expiration", event.expiration());
        columns.put("updated_at", event.updatedAt());
        return new RowChange(event.id(), sequence, columns);
    }

    static RowChange of(ApiKeyRevoked event, long sequence) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("revoked", true);
        columns.put("revocation_reason", event.revocationReason());
        columns.put("updated_at", event.revokedAt());
        return new RowChange(event.id(), sequence, columns);
    }

    /** The sealed secret goes with the key (its data key is destroyed on the command side: crypto-shredding). */
    static RowChange of(ApiKeyDeleted event, long sequence) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("deleted", true);
        columns.put("secret_ciphertext", null);
        columns.put("updated_at", event.deletedAt());
        return new RowChange(event.id(), sequence, columns);
    }

    /** A JSON column's text: null stays SQL null (claims may be absent). */
    static String json(Object value, JsonMapper json) {
        return value == null ? null : json.writeValueAsString(value);
    }

    /** Unless the row has seen this event, or a later one, already: what makes a redelivery change nothing. */
    int applyIfNewer(JdbcClient jdbc) {
        return jdbc.sql(update("last_sequence < :last_sequence")).params(parameters()).update();
    }

    /**
     * Only onto the row as the key's previous event left it (then the row holds every event up to this one), and
     * recording the key's position with it, in one statement.
     *
     * @return whether it was applied
     */
    boolean applyIfNextAndRecord(ProjectionPositions positions) {
        return positions.recordWith(update("last_sequence = :last_sequence - 1") + " returning id", parameters(),
                id, sequence);
    }

    private String update(String condition) {
        return "update api_key_view set "
                + columns.keySet().stream().map(column -> column + " = :" + column).collect(Collectors.joining(", "))
                + ", last_sequence = :last_sequence where id = :id and " + condition;
    }

    private Map<String, Object> parameters() {
        Map<String, Object> parameters = new HashMap<>(columns);
        parameters.put("id", id.value());
        parameters.put("last_sequence", sequence);
        return parameters;
    }
}
