package org.keyledger.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.keyledger.events.ApiKeyArrival;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
        Map<String, Object> row = row(event, event.createdAt(), sequence);
        jdbc.sql(insert(row.keySet(), "(id)")).params(row).update();
        applied(event.id(), sequence, token);
    }

    /**
     * Like a created key, possibly revoked already; a key known only by its hash has no ciphertext. Imports come by
     * the thousand, so their rows wait in the batch's unit of work and are written together (see {@link #flush}),
     * before any other event of the batch is applied and at the latest when the batch commits.
     */
    @EventHandler
    void on(ApiKeyImported event, @SequenceNumber long sequence, TrackingToken token) {
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        unit.getOrComputeResource(PENDING_IMPORTS, k -> {
            unit.onPrepareCommit(u -> flush());
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
        List<Map<String, Object>> values = rows.stream()
                .map(row -> row(row.event(), row.event().importedAt(), row.sequence())).toList();
        batch.batchUpdate(insert(values.get(0).keySet(), ""),
                values.stream().map(MapSqlParameterSource::new).toArray(SqlParameterSource[]::new));
        Map<ApiKeyId, Long> sequences = new LinkedHashMap<>();
        rows.forEach(row -> sequences.merge(row.event().id(), row.sequence(), Math::max));
        positions.recordAll(sequences);
        checkpoint(rows.get(rows.size() - 1).token());
    }

    /** The row of a key as it arrives, created or imported; an import may arrive revoked. */
    private Map<String, Object> row(ApiKeyArrival event, long updatedAt, long sequence) {
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
        row.put("updated_at", updatedAt);
        row.put("secret_sha256", event.secret().sha256());
        row.put("secret_ciphertext", event.secret().ciphertext());
        row.put("last_sequence", sequence);
        if (event instanceof ApiKeyImported imported) {
            row.put("revoked", imported.revoked());
            row.put("revocation_reason", imported.revocationReason());
        }
        return row;
    }

    /** Inserts a row of these columns; one that conflicts ({@code target}: on which, or empty: on any) stays as is. */
    private static String insert(Collection<String> columns, String target) {
        return "insert into api_key_view (" + String.join(", ", columns) + ") values ("
                + columns.stream().map(column -> ":" + column).collect(Collectors.joining(", "))
                + ") on conflict " + target + " do nothing";
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
