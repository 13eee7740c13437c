package org.keyledger.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
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
 *
 * <p>A tracking processor hands events over in batches, one unit of work and transaction each. What a batch writes
 * besides the rows it updates waits in that unit of work ({@link Batch}) and is written once, when it commits: new
 * rows in one JDBC batch (before any other event of the batch is applied, since it may concern one of them), the
 * keys' positions in one statement with one notification per few hundred keys, the checkpoint once.
 */
@Component
@ProcessingGroup(ProjectionPositions.API_KEY_VIEW)
class ApiKeyProjection {

    private static final String BATCH = ApiKeyProjection.class.getName() + ".batch";

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
        arrived(row(event, event.createdAt(), sequence), event.id(), sequence, token);
    }

    /** Like a created key, possibly revoked already; a key known only by its hash has no ciphertext. */
    @EventHandler
    void on(ApiKeyImported event, @SequenceNumber long sequence, TrackingToken token) {
        arrived(row(event, event.importedAt(), sequence), event.id(), sequence, token);
    }

    private void arrived(Map<String, Object> row, ApiKeyId id, long sequence, TrackingToken token) {
        Batch current = batch();
        current.rows.add(row);
        current.applied(id, sequence, token);
        current.commitAlone();
    }

    /**
     * What a batch has applied but not yet written. Outside a unit of work (a test driving the handlers) each event
     * is a batch of its own, written at once.
     */
    private final class Batch {
        private final boolean alone;
        private final List<Map<String, Object>> rows = new ArrayList<>();
        private final Map<ApiKeyId, Long> sequences = new LinkedHashMap<>();
        private TrackingToken token;

        private Batch(boolean alone) {
            this.alone = alone;
        }

        void applied(ApiKeyId id, long sequence, TrackingToken at) {
            sequences.merge(id, sequence, Math::max);
            token = at;
        }

        /**
         * The new rows, in one JDBC batch. Any conflict (the id, or a secret hash the command side could not see:
         * one this ledger issued on create before creates claimed theirs) leaves the row as it is rather than stop
         * the projection.
         */
        void writeRows() {
            if (rows.isEmpty()) {
                return;
            }
            ApiKeyProjection.this.batch.batchUpdate(insert(rows.get(0).keySet()),
                    rows.stream().map(MapSqlParameterSource::new).toArray(SqlParameterSource[]::new));
            rows.clear();
        }

        void commit() {
            writeRows();
            positions.recordAll(sequences);
            sequences.clear();
            if (token != null) {
                checkpoint(token);
                token = null;
            }
        }

        void commitAlone() {
            if (alone) {
                commit();
            }
        }
    }

    private Batch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Batch(true);
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        return unit.getOrComputeResource(BATCH, k -> {
            Batch created = new Batch(false);
            unit.onPrepareCommit(u -> created.commit());
            return created;
        });
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
        ApiKeyImported imported = event instanceof ApiKeyImported i ? i : null;
        row.put("revoked", imported != null && imported.revoked());
        row.put("revocation_reason", imported == null ? null : imported.revocationReason());
        return row;
    }

    /** Inserts a row of these columns; one that conflicts stays as is. */
    private static String insert(Collection<String> columns) {
        return "insert into api_key_view (" + String.join(", ", columns) + ") values ("
                + columns.stream().map(column -> ":" + column).collect(Collectors.joining(", "))
                + ") on conflict do nothing";
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
        Batch current = batch();
        current.writeRows();
        jdbc.sql("update api_key_view set "
                        + changes.keySet().stream().map(column -> column + " = :" + column)
                        .collect(Collectors.joining(", "))
                        + ", last_sequence = :last_sequence where id = :id and last_sequence < :last_sequence")
                .params(changes)
                .param("id", id.value())
                .param("last_sequence", sequence)
                .update();
        current.applied(id, sequence, token);
        current.commitAlone();
    }

    /** A replay starts from an empty query model. */
    @ResetHandler
    void reset() {
        jdbc.sql("delete from api_key_view").update();
        jdbc.sql("delete from projection_checkpoint where processor_name = ?")
                .param(ProjectionPositions.API_KEY_VIEW).update();
        positions.clear();
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
