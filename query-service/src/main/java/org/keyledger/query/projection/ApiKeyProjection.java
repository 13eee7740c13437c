package org.keyledger.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Projects key events into {@code api_key_view}. Idempotent: each row remembers the sequence number of the last
 * event applied to it and ignores anything not newer, so a redelivered event changes nothing, and a replay from an
 * empty model gives the same rows.
 */
@Component
@ProcessingGroup(ProjectionPositions.API_KEY_VIEW)
class ApiKeyProjection {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ProjectionPositions positions;

    ApiKeyProjection(JdbcClient jdbc, JsonMapper json, ProjectionPositions positions) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
    }

    @EventHandler
    void on(ApiKeyCreated event, @SequenceNumber long sequence, TrackingToken token) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", event.id().value());
        row.put("type", event.type());
        row.put("name", event.name());
        row.put("subject", event.subject());
        row.put("description", event.description());
        row.put("claims", toJson(event.claims()));
        row.put("scopes", json.writeValueAsString(event.scopes()));
        row.put("created_by", event.createdBy());
        row.put("expiration", event.expiration());
        row.put("created_at", event.createdAt());
        row.put("updated_at", event.createdAt());
        row.put("secret_sha256", event.secret().sha256());
        row.put("secret_ciphertext", event.secret().ciphertext());
        row.put("last_sequence", sequence);
        jdbc.sql("insert into api_key_view (" + String.join(", ", row.keySet()) + ") values ("
                        + row.keySet().stream().map(column -> ":" + column).collect(Collectors.joining(", "))
                        + ") on conflict (id) do nothing")
                .params(row)
                .update();
        applied(event.id(), sequence, token);
    }

    @EventHandler
    void on(ApiKeyUpdated event, @SequenceNumber long sequence, TrackingToken token) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("subject", event.subject());
        changes.put("description", event.description());
        changes.put("claims", toJson(event.claims()));
        changes.put("scopes", json.writeValueAsString(event.scopes()));
        changes.put("expiration", event.expiration());
        changes.put("updated_at", event.updatedAt());
        update(event.id(), sequence, token, changes);
    }

    @EventHandler
    void on(ApiKeyRevoked event, @SequenceNumber long sequence, TrackingToken token) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("revoked", true);
        changes.put("revocation_reason", event.revocationReason());
        changes.put("updated_at", event.revokedAt());
        update(event.id(), sequence, token, changes);
    }

    @EventHandler
    void on(ApiKeyDeleted event, @SequenceNumber long sequence, TrackingToken token) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("deleted", true);
        changes.put("secret_ciphertext", null);
        changes.put("updated_at", event.deletedAt());
        update(event.id(), sequence, token, changes);
    }

    /** Sets the columns to their new values, unless the row has seen this event (or a later one) already. */
    private void update(ApiKeyId id, long sequence, TrackingToken token, Map<String, Object> changes) {
        jdbc.sql("update api_key_view set "
                        + changes.keySet().stream().map(column -> column + " = :" + column)
                        .collect(Collectors.joining(", "))
                        + ", last_sequence = :last_sequence where id = :id and last_sequence < :last_sequence")
                .params(changes)
                .param("id", id.value())
                .param("last_sequence", sequence)
                .update();
        applied(id, sequence, token);
    }

    /** A replay starts from an empty query model. */
    @ResetHandler
    void reset() {
        jdbc.sql("delete from api_key_view").update();
        jdbc.sql("delete from projection_checkpoint where processor_name = ?")
                .param(ProjectionPositions.API_KEY_VIEW).update();
        positions.clear();
    }

    private void applied(ApiKeyId id, long sequence, TrackingToken token) {
        positions.record(id, sequence);
        token.position().ifPresent(position -> jdbc.sql("""
                        insert into projection_checkpoint (processor_name, position) values (?, ?)
                        on conflict (processor_name) do update set position = greatest(
                            projection_checkpoint.position, excluded.position)""")
                .params(ProjectionPositions.API_KEY_VIEW, position)
                .update());
    }

    private String toJson(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }
}
