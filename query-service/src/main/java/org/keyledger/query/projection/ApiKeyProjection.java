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
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects key events into {@code api_key_view}. Idempotent: each row remembers the sequence number of the last
 * event applied to it and ignores anything not newer, so a redelivered event changes nothing, and a replay from an
 * empty model gives the same rows.
 */
@Component
@ProcessingGroup(ProjectionPositions.API_KEY_VIEW)
class ApiKeyProjection {

    private static final String PENDING_IMPORTS = ApiKeyProjection.class.getName() + ".pendingImports";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ProjectionPositions positions;
    private final NamedParameterJdbcTemplate batch;

    ApiKeyProjection(JdbcClient jdbc, JsonMapper json, ProjectionPositions positions,
                     NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
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
     * Like a created key, possibly revoked already; a key known only by its hash has no ciphertext. Imports come by
     * the thousand, so their rows wait in the batch's unit of work and are written together (see {@link #flush}),
     * before any other event of the batch is applied and at the latest when the batch commits.
     */
    @EventHandler
    void on(ApiKeyImported event, @SequenceNumber long sequence, TrackingToken token) {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.getOrComputeResource(PENDING_IMPORTS, k -> {
            batch.onPrepareCommit(u -> flush());
            return new ArrayList<PendingImport>();
        }).add(new PendingImport(event, sequence, token));
    }

    private record PendingImport(ApiKeyImported event, long sequence, TrackingToken token) {
    }

    /** Another event of the batch may concern a key imported earlier in it: the imports are written first. */
    @MessageHandlerInterceptor
    Object flushBefore(EventMessage<?> event, InterceptorChain chain) throws Exception {
        if (!(event.getPayload() instanceof ApiKeyImported)) {
            flush();
        }
        return chain.proceed();
    }

    /**
     * Writes the batch's pending imports: one JDBC batch of rows, one statement for their positions. Any conflict
     * (the id, or a secret hash the command side could not see: one this ledger issued on create) leaves the row as
     * it is rather than stop the projection.
     */
    private void flush() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        List<PendingImport> pending = CurrentUnitOfWork.get().root().getResource(PENDING_IMPORTS);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        List<PendingImport> rows = List.copyOf(pending);
        pending.clear();
        batch.batchUpdate("""
                        insert into api_key_view (id, type, name, subject, description, claims, scopes, created_by,
                            expiration, created_at, updated_at, revoked, revocation_reason, secret_sha256,
                            secret_ciphertext, last_sequence)
                        values (:id, :type, :name, :subject, :description, :claims, :scopes, :createdBy,
                            :expiration, :createdAt, :importedAt, :revoked, :reason, :sha256, :ciphertext, :sequence)
                        on conflict do nothing""", rows.stream().map(row -> {
            ApiKeyImported event = row.event();
            return new MapSqlParameterSource()
                    .addValue("id", event.id().value())
                    .addValue("type", event.type())
                    .addValue("name", event.name())
                    .addValue("subject", event.subject())
                    .addValue("description", event.description())
                    .addValue("claims", toJson(event.claims()))
                    .addValue("scopes", json.writeValueAsString(event.scopes()))
                    .addValue("createdBy", event.createdBy())
                    .addValue("expiration", event.expiration())
                    .addValue("createdAt", event.createdAt())
                    .addValue("importedAt", event.importedAt())
                    .addValue("revoked", event.revoked())
                    .addValue("reason", event.revocationReason())
                    .addValue("sha256", event.secret().sha256())
                    .addValue("ciphertext", event.secret().ciphertext())
                    .addValue("sequence", row.sequence());
        }).toArray(SqlParameterSource[]::new));
        Map<ApiKeyId, Long> sequences = new LinkedHashMap<>();
        rows.forEach(row -> sequences.merge(row.event().id(), row.sequence(), Math::max));
        positions.recordAll(sequences);
        checkpoint(rows.get(rows.size() - 1).token());
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
        checkpoint(token);
    }

    private void checkpoint(TrackingToken token) {
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
