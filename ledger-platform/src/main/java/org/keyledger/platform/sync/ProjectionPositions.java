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

    /** {@link #record} for many keys at once (an import): one statement, then one notification per key. */
    public void recordAll(java.util.Map<ApiKeyId, Long> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        String[] ids = sequences.keySet().stream().map(ApiKeyId::value).toArray(String[]::new);
        Long[] values = sequences.values().toArray(Long[]::new);
        jdbc.sql("""
                        insert into api_key_projection_position (api_key_id, sequence)
                        select * from unnest(?::varchar[], ?::bigint[])
                        on conflict (api_key_id) do update set sequence = greatest(
                            api_key_projection_position.sequence, excluded.sequence)""")
                .params(ids, values)
                .update();
        jdbc.sql("select count(pg_notify(?, id)) from unnest(?::varchar[]) id").params(CHANNEL, ids)
                .query(Long.class).single();
    }

    public void clear() {
        jdbc.sql("delete from api_key_projection_position").update();
    }

    /**
     * Where a key stands after a write.
     *
     * @param appended         the sequence number of the key's latest event in the event store; -1 if it has none
     * @param projectionExists whether this deployment has a query side: its projection has stored a token. While one
     *                         query service hands the projection over to another no instance owns the token, yet
     *                         writes must still wait for the read model.
     * @param applied          as {@link #applied}; -1 if not at all
     */
    record Progress(long appended, boolean projectionExists, long applied) {
    }

    /** {@link Progress} in one round trip. */
    Progress progress(ApiKeyId id) {
        return jdbc.sql("""
                        select coalesce((select max(sequence_number) from domain_event_entry
                                         where aggregate_identifier = ?), -1),
                               exists (select 1 from token_entry where processor_name = ?),
                               coalesce((select sequence from api_key_projection_position where api_key_id = ?), -1)""")
                .params(id.value(), API_KEY_VIEW, id.value())
                .query((rs, n) -> new Progress(rs.getLong(1), rs.getBoolean(2), rs.getLong(3)))
                .single();
    }

    Optional<Long> applied(ApiKeyId id) {
        return jdbc.sql("select sequence from api_key_projection_position where api_key_id = ?")
                .param(id.value()).query(Long.class).optional();
    }
}
