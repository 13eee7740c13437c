package org.keyledger.platform.sync;

import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;

/**
 * The contract between the projection and the write routes: how far each key's events have been applied to the
 * query model. The projection records, in its own transaction; PostgreSQL then notifies {@link #CHANNEL}.
 */
public class ProjectionPositions {

    public static final String CHANNEL = "api_key_projected";
    /**
     * The processing group of the query model (the query service's ApiKeyProjection). Named here, in the contract,
     * because a write must know whose progress to wait for: the command side has no query classes.
     */
    public static final String API_KEY_VIEW = "api-key-view";

    private final JdbcClient jdbc;

    public ProjectionPositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Called by the projection after applying event {@code sequence} of the key, in the same transaction. */
    public void record(ApiKeyId id, long sequence) {
        jdbc.sql("""
                        insert into api_key_projection_position (api_key_id, sequence) values (?, ?)
                        on conflict (api_key_id) do update set sequence = greatest(
                            api_key_projection_position.sequence, excluded.sequence)""")
                .params(id.value(), sequence)
                .update();
        jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, id.value()).query().singleRow();
    }

    public void clear() {
        jdbc.sql("delete from api_key_projection_position").update();
    }

    Optional<Long> applied(ApiKeyId id) {
        return jdbc.sql("select sequence from api_key_projection_position where api_key_id = ?")
                .param(id.value()).query(Long.class).optional();
    }

    /** The sequence number of the key's latest event in the event store, if it has any. */
    Optional<Long> appended(ApiKeyId id) {
        return jdbc.sql("select max(sequence_number) from domain_event_entry where aggregate_identifier = ?")
                .param(id.value()).query(Long.class).optional();
    }

    /**
     * Whether this deployment has a query side: its projection has stored a token. While one query service hands
     * the projection over to another no instance owns the token, yet writes must still wait for the read model.
     */
    boolean projectionExists() {
        return jdbc.sql("select count(*) from token_entry where processor_name = ?")
                .param(API_KEY_VIEW).query(Long.class).single() > 0;
    }
}
