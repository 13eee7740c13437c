package org.keyledger.query.projection;

import org.keyledger.events.ApiKeyArrival;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rows of {@code api_key_view} that arriving keys (created or imported) start as, written together: the one
 * place both the tracking projection ({@link ApiKeyProjection}) and the write-through ({@link WriteThroughProjection})
 * insert them from.
 */
@Component
class ArrivalRows {

    /** A key's row as it arrives (an import may arrive revoked), with its first event's sequence number. */
    record NewRow(ApiKeyArrival event, long updatedAt, long sequence) {

        static NewRow of(ApiKeyCreated event, long sequence) {
            return new NewRow(event, event.createdAt(), sequence);
        }

        /** A key known only by its hash has no ciphertext. */
        static NewRow of(ApiKeyImported event, long sequence) {
            return new NewRow(event, event.importedAt(), sequence);
        }
    }

    /** A column of api_key_view, its SQL type and its value in a new row, of the Java type the driver sends as it. */
    private record Column(String name, String sqlType, Class<?> javaType, Function<NewRow, Object> value) {

        /** This column of the rows, as one array. */
        Object[] of(List<NewRow> rows) {
            Object[] values = (Object[]) Array.newInstance(javaType, rows.size());
            for (int i = 0; i < values.length; i++) {
                values[i] = value.apply(rows.get(i));
            }
            return values;
        }
    }

    private final JdbcClient jdbc;
    private final List<Column> columns;
    private final String insert;

    ArrivalRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.columns = List.of(
                new Column("id", "varchar", String.class, row -> row.event().id().value()),
                new Column("type", "varchar", String.class, row -> row.event().type()),
                new Column("name", "varchar", String.class, row -> row.event().name()),
                new Column("subject", "varchar", String.class, row -> row.event().subject()),
                new Column("description", "varchar", String.class, row -> row.event().description()),
                new Column("claims", "text", String.class, row -> RowChange.json(row.event().claims(), json)),
                new Column("scopes", "text", String.class, row -> json.writeValueAsString(row.event().scopes())),
                new Column("created_by", "varchar", String.class, row -> row.event().createdBy()),
                new Column("expiration", "bigint", Long.class, row -> row.event().expiration()),
                new Column("created_at", "bigint", Long.class, row -> row.event().createdAt()),
                new Column("updated_at", "bigint", Long.class, NewRow::updatedAt),
                new Column("secret_sha256", "text", String.class, row -> row.event().secret().sha256()),
                new Column("secret_ciphertext", "text", String.class, row -> row.event().secret().ciphertext()),
                new Column("last_sequence", "bigint", Long.class, NewRow::sequence),
                new Column("revoked", "boolean", Boolean.class,
                        row -> row.event() instanceof ApiKeyImported imported && imported.revoked()),
                new Column("revocation_reason", "text", String.class,
                        row -> row.event() instanceof ApiKeyImported imported ? imported.revocationReason() : null));
        this.insert = "insert into api_key_view ("
                + columns.stream().map(Column::name).collect(Collectors.joining(", "))
                + ") select * from unnest("
                + columns.stream().map(column -> "?::" + column.sqlType() + "[]").collect(Collectors.joining(", "))
                + ") on conflict do nothing";
    }

    /**
     * The new rows, in one statement ({@code unnest} of one array a column: one insert for the server to run, where a
     * JDBC batch was one a row). Any conflict (the id, or a secret hash the command side could not see: one this
     * ledger issued on create before creates claimed theirs) leaves the row as it is rather than fail.
     */
    void insert(List<NewRow> rows) {
        if (!rows.isEmpty()) {
            jdbc.sql(insert).params(parameters(rows)).update();
        }
    }

    /** As {@link #insert}, and the keys' positions recorded in the same round trip. */
    void insertAndRecord(List<NewRow> rows, ProjectionPositions positions, ProjectionPositions.Announce announce) {
        Map<ApiKeyId, Long> sequences = new LinkedHashMap<>();
        rows.forEach(row -> sequences.merge(row.event().id(), row.sequence(), Math::max));
        positions.recordAllAfter(insert, parameters(rows), sequences, announce);
    }

    private Object[] parameters(List<NewRow> rows) {
        return columns.stream().map(column -> column.of(rows)).toArray();
    }
}
