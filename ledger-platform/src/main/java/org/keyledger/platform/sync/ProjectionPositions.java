package org.keyledger.platform.sync;

import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The contract between the projection and the write routes: how far each key's events have been applied to the
 * query model. The projection records, in its own transaction; PostgreSQL then notifies {@link #CHANNEL}, and a
 * write waiting in the projection's own process hears it at once ({@link PgNotifications#deliverLocally}).
 */
public class ProjectionPositions {

    public static final String CHANNEL = "api_key_projected";
    /**
     * The processing group of the query model (the query service's ApiKeyProjection). Named here, in the contract,
     * because a write must know whose progress to wait for: the command side has no query classes.
     */
    public static final String API_KEY_VIEW = "api-key-view";
    /**
     * PostgreSQL's limit on a notification's payload is 8000 bytes: a payload holds keys up to this length, plus at
     * most one more (an item, {@code id:sequence}, is under 60 characters).
     */
    private static final int PAYLOAD_CUT = 7800;

    private final JdbcClient jdbc;
    private final PgNotifications notifications;

    public ProjectionPositions(JdbcClient jdbc, PgNotifications notifications) {
        this.jdbc = jdbc;
        this.notifications = notifications;
    }

    /** Who hears of positions recorded ({@link #recordAll}). */
    public enum Announce {
        /**
         * Nobody: a replay's events were appended before the rebuild began, so no write is waiting for them that would
         * not find them recorded when it next looks (at most {@link ReadYourWrites}' re-check interval later), and a
         * million of them announced were a million keys parsed by every listening process.
         */
        NONE,
        /**
         * The writes waiting in this process only: writes applied as they are made here (the write-through of local
         * mode), which no other process waits for (one whose own write could not be applied so waits for the
         * tracking projection), and whose commit then takes no part in PostgreSQL's notification queue (a notifying
         * commit holds a lock that serialises every other notifying commit, until its WAL is flushed).
         */
        HERE,
        /** Every process listening on {@link #CHANNEL}, and this one's writes at commit. */
        EVERYWHERE
    }

    /**
     * Called by the projection, in the transaction that applied the events: how far each key has been applied, in
     * one statement with the news (delivered at commit), a few hundred keys a notification, each as
     * {@code id:sequence} (see {@link #parse}). Only positions that move are written and announced: one recorded
     * already (the write-through's, in local mode, or a redelivery's) costs no new row version and no notification,
     * and its writer heard of it when it was first recorded.
     */
    public void recordAll(Map<ApiKeyId, Long> sequences, Announce announce) {
        recordAllAfter(null, new Object[0], sequences, announce);
    }

    /**
     * As {@link #recordAll}, in the same statement as {@code change}, a change of the query model with positional
     * parameters (one round trip for both; it runs even if {@code sequences} is empty).
     */
    public void recordAllAfter(String change, Object[] parameters, Map<ApiKeyId, Long> sequences, Announce announce) {
        if (sequences.isEmpty() && change == null) {
            return;
        }
        String[] ids = sequences.keySet().stream().map(ApiKeyId::value).toArray(String[]::new);
        Long[] values = sequences.values().toArray(Long[]::new);
        // payloads cut where the running length crosses a multiple of PAYLOAD_CUT: each under PostgreSQL's limit
        List<String> payloads = jdbc.sql((change == null ? "" : "with changed as (" + change + ")") + """
                        %s recorded as (
                            insert into api_key_projection_position (api_key_id, sequence)
                            select * from unnest(?::varchar[], ?::bigint[])
                            on conflict (api_key_id) do update set sequence = excluded.sequence
                            where excluded.sequence > api_key_projection_position.sequence
                            returning api_key_id || ':' || sequence as item),
                        cut as (
                            select item, sum(length(item) + 1) over (order by item) / ? as payload from recorded),
                        payloads as (
                            select string_agg(item, ' ') as payload from cut group by payload)
                        select payload, case when ? then pg_notify(?, payload) end from payloads where ?"""
                        .formatted(change == null ? "with" : ","))
                .params(Stream.concat(Arrays.stream(parameters), Stream.of(ids, values, PAYLOAD_CUT,
                        announce == Announce.EVERYWHERE, CHANNEL, announce != Announce.NONE)).toArray())
                .query((rs, n) -> rs.getString(1))
                .list();
        announceLocallyAtCommit(payloads);
    }

    /**
     * As {@link #recordAll} for every key {@code query} selects (its id, then its sequence), in one statement,
     * announced to nobody ({@link Announce#NONE}): the end of a rebuild, which records the replayed keys at once.
     */
    public void recordAllOf(String query) {
        jdbc.sql("insert into api_key_projection_position (api_key_id, sequence) " + query + """
                 on conflict (api_key_id) do update set sequence = excluded.sequence
                where excluded.sequence > api_key_projection_position.sequence""").update();
    }

    /**
     * As {@link #recordAll} for one key whose change is applied in the same statement, one round trip for both:
     * {@code change} is an update of the query model returning the key's {@code id} if it changed, with named
     * parameters; only then is the position recorded, and announced in this process ({@link Announce#HERE}): the
     * change is the one its writer here made (the write-through), which nobody elsewhere waits for. A write elsewhere
     * whose own change could not be written through waits for the tracking projection, which announces everywhere.
     *
     * @return whether the change was applied
     */
    public boolean recordWith(String change, Map<String, ?> parameters, ApiKeyId id, long sequence) {
        boolean applied = jdbc.sql("with changed as (" + change + "), recorded as ("
                        + " insert into api_key_projection_position (api_key_id, sequence)"
                        + " select id, :recorded_sequence from changed"
                        + " on conflict (api_key_id) do update set sequence = greatest("
                        + " api_key_projection_position.sequence, excluded.sequence) returning api_key_id)"
                        + " select count(*) from recorded")
                .params(parameters)
                .param("recorded_sequence", sequence)
                .query(Long.class).single() > 0;
        if (applied) {
            announceLocallyAtCommit(List.of(id.value() + ':' + sequence));
        }
        return applied;
    }

    /**
     * A write waiting in this very process (local mode) hears of it at commit, not after PostgreSQL's round trip to
     * this process's listener.
     */
    private void announceLocallyAtCommit(List<String> payloads) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    payloads.forEach(payload -> notifications.deliverLocally(CHANNEL, payload));
                }
            });
        }
    }

    /**
     * The keys and sequences a notification on {@link #CHANNEL} announces; a key without a sequence (as an older
     * version sent them) maps to -1: applied, how far unknown.
     */
    static Map<String, Long> parse(String payload) {
        Map<String, Long> applied = new HashMap<>();
        for (String item : payload.split(" ")) {
            int colon = item.indexOf(':');
            if (colon < 0) {
                applied.merge(item, -1L, Math::max);
            } else {
                applied.merge(item.substring(0, colon), Long.parseLong(item.substring(colon + 1)), Math::max);
            }
        }
        return applied;
    }

    /** Forgets every position, in the projection's reset (truncated, as its model: ApiKeyProjection#reset). */
    public void clear() {
        jdbc.sql("truncate api_key_projection_position").update();
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

    /** {@link Progress#projectionExists} alone (a create needs nothing else). */
    boolean projectionExists() {
        return jdbc.sql("select exists (select 1 from token_entry where processor_name = ?)")
                .param(API_KEY_VIEW).query(Boolean.class).single();
    }

    Optional<Long> applied(ApiKeyId id) {
        return jdbc.sql("select sequence from api_key_projection_position where api_key_id = ?")
                .param(id.value()).query(Long.class).optional();
    }
}
