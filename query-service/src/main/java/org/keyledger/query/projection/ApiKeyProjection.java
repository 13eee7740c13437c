package org.keyledger.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

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
        jdbc.sql("""
                        insert into api_key_view (id, type, name, subject, description, claims, scopes, created_by,
                            expiration, created_at, updated_at, secret_sha256, secret_ciphertext, last_sequence)
                        values (:id, :type, :name, :subject, :description, :claims, :scopes, :createdBy,
                            :expiration, :createdAt, :createdAt, :sha256, :ciphertext, :sequence)
                        on conflict (id) do nothing""")
                .param("id", event.id().value())
                .param("type", event.type())
                .param("name", event.name())
                .param("subject", event.subject())
                .param("description", event.description())
                .param("claims", toJson(event.claims()))
                .param("scopes", json.writeValueAsString(event.scopes()))
                .param("createdBy", event.createdBy())
                .param("expiration", event.expiration())
                .param("createdAt", event.createdAt())
                .param("sha256", event.secret().sha256())
                .param("ciphertext", event.secret().ciphertext())
                .param("sequence", sequence)
                .update();
        applied(event.id(), sequence, token);
    }

    /**
     * Like a created key, possibly revoked already; a key known only by its hash has no ciphertext. Any conflict
     * (the id, or a secret hash the command side could not see: one this ledger issued on create) leaves the row
     * as it is rather than stop the projection.
     */
    @EventHandler
    void on(ApiKeyImported event, @SequenceNumber long sequence, TrackingToken token) {
        jdbc.sql("""
                        insert into api_key_view (id, type, name, subject, description, claims, scopes, created_by,
                            expiration, created_at, updated_at, revoked, revocation_reason, secret_sha256,
                            secret_ciphertext, last_sequence)
                        values (:id, :type, :name, :subject, :description, :claims, :scopes, :createdBy,
                            :expiration, :createdAt, :importedAt, :revoked, :reason, :sha256, :ciphertext, :sequence)
                        on conflict do nothing""")
                .param("id", event.id().value())
                .param("type", event.type())
                .param("name", event.name())
                .param("subject", event.subject())
                .param("description", event.description())
                .param("claims", toJson(event.claims()))
                .param("scopes", json.writeValueAsString(event.scopes()))
                .param("createdBy", event.createdBy())
                .param("expiration", event.expiration())
                .param("createdAt", event.createdAt())
                .param("importedAt", event.importedAt())
                .param("revoked", event.revoked())
                .param("reason", event.revocationReason())
                .param("sha256", event.secret().sha256())
                .param("ciphertext", event.secret().ciphertext())
                .param("sequence", sequence)
                .update();
        applied(event.id(), sequence, token);
    }

    @EventHandler
    void on(ApiKeyUpdated event, @SequenceNumber long sequence, TrackingToken token) {
        jdbc.sql("""
                        update api_key_view set subject = :subject, description = :description, claims = :claims,
                            scopes = :scopes, expiration = :expiration, updated_at = :updatedAt,
                            last_sequence = :sequence
                        where id = :id and last_sequence < :sequence""")
                .param("id", event.id().value())
                .param("subject", event.subject())
                .param("description", event.description())
                .param("claims", toJson(event.claims()))
                .param("scopes", json.writeValueAsString(event.scopes()))
                .param("expiration", event.expiration())
                .param("updatedAt", event.updatedAt())
                .param("sequence", sequence)
                .update();
        applied(event.id(), sequence, token);
    }

    @EventHandler
    void on(ApiKeyRevoked event, @SequenceNumber long sequence, TrackingToken token) {
        jdbc.sql("""
                        update api_key_view set revoked = true, revocation_reason = :reason, updated_at = :at,
                            last_sequence = :sequence
                        where id = :id and last_sequence < :sequence""")
                .param("id", event.id().value())
                .param("reason", event.reason())
                .param("at", event.revokedAt())
                .param("sequence", sequence)
                .update();
        applied(event.id(), sequence, token);
    }

    @EventHandler
    void on(ApiKeyDeleted event, @SequenceNumber long sequence, TrackingToken token) {
        jdbc.sql("""
                        update api_key_view set deleted = true, secret_ciphertext = null, updated_at = :at,
                            last_sequence = :sequence
                        where id = :id and last_sequence < :sequence""")
                .param("id", event.id().value())
                .param("at", event.deletedAt())
                .param("sequence", sequence)
                .update();
        applied(event.id(), sequence, token);
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
