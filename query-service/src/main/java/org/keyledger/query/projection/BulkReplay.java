package org.keyledger.query.projection;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.OptionalLong;

/**
 * A rebuild loads the query model as PostgreSQL's manual advises loading a table ("Populating a Database"): without
 * its secondary indexes, built once at the end. Replayed from an empty model, every key is an insert, and each kept
 * the unique hash index and the list index up to date at a random place of each; a sorted build at the end costs a
 * fraction of that (BENCHMARKS.md, Replay). The primary key stays: the replay updates rows by id.
 *
 * <p>The projection's reset over at least {@code ledger.projection.bulk-replay-events} events sets the indexes aside:
 * drops them and keeps their definitions, as the migrations made them, in {@code api_key_view_index_set_aside}, in
 * the reset's transaction. The batch that applies the replay's last event builds them again in its own transaction,
 * which commits the projection's checkpoint: verify, refusing until the model has caught up with that checkpoint
 * ({@code ProjectionLag}), never runs without them, on any process. A crash meanwhile leaves the definitions kept,
 * and the replay, resumed from its token by whichever process claims it, builds them at its end.
 *
 * <p>While the indexes are aside, the keys' positions ({@link ProjectionPositions}) are not recorded batch by batch
 * either, but once, from the rows, as the indexes are built. Writes waiting for a replayed key hear of it then (at
 * their next re-check: a replay announces nothing), as writes made during the rebuild already did: their events
 * come after the replayed ones.
 */
class BulkReplay {

    private final JdbcClient jdbc;
    private final ProjectionPositions positions;
    private final TransactionTemplate savepoint;
    private final long threshold;
    /** Set by the reset (on the thread that resets the processor) and read by the processor's thread. */
    private volatile boolean loading;

    /** @param threshold events in the store from which a reset sets the indexes aside */
    BulkReplay(JdbcClient jdbc, ProjectionPositions positions, PlatformTransactionManager transactions,
               long threshold) {
        this.jdbc = jdbc;
        this.positions = positions;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.threshold = threshold;
    }

    /** In the projection's reset, the model just emptied: sets the indexes aside if the replay will be long. */
    void reset() {
        long events = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry")
                .query(Long.class).single();
        if (events >= threshold) {
            jdbc.sql("""
                            with secondary as (
                                select index.relname as name, pg_get_indexdef(index.oid) as definition
                                from pg_index entry join pg_class index on index.oid = entry.indexrelid
                                where entry.indrelid = 'api_key_view'::regclass and not entry.indisprimary),
                            kept as (
                                insert into api_key_view_index_set_aside (name, definition)
                                select name, definition from secondary on conflict do nothing)
                            select format('drop index %I', name) from secondary""")
                    .query(String.class).list()
                    .forEach(drop -> jdbc.sql(drop).update());
        }
        refresh();
    }

    /**
     * Learns whether the indexes are aside, as a batch of replayed events is applied: the process that reset the
     * model may not be the one that finishes its replay.
     */
    void refresh() {
        loading = jdbc.sql("select exists (select 1 from api_key_view_index_set_aside)").query(Boolean.class).single();
    }

    /** Whether positions wait for the end of the replay. */
    boolean loading() {
        return loading;
    }

    /**
     * After a batch's rows, its last event's token: once the replay has applied every event stored at the reset, the
     * indexes are built and every key's position recorded, in the batch's transaction.
     */
    void applied(TrackingToken last) {
        if (loading && !replaying(last)) {
            List<String> definitions = jdbc.sql("delete from api_key_view_index_set_aside returning definition")
                    .query(String.class).list();
            definitions.forEach(this::build);
            positions.recordAllOf("select id, last_sequence from api_key_view order by id");
            loading = false;
        }
    }

    /** Before the event at the reset position has been applied (Axon's replay covers the store as it was then). */
    static boolean replaying(TrackingToken token) {
        OptionalLong reset = ReplayToken.getTokenAtReset(token);
        return ReplayToken.isReplay(token) && reset.isPresent()
                && token.position().orElse(Long.MIN_VALUE) < reset.getAsLong();
    }

    /**
     * A unique index that cannot be built finds a secret hash held by two keys, which only a store written before
     * creates claimed their hashes can hold; with the index there, the later arrival's row was never inserted
     * ({@link ArrivalRows#insert}), so it is removed before the index is built again.
     */
    private void build(String definition) {
        try {
            savepoint.executeWithoutResult(status -> jdbc.sql(definition).update());
        } catch (DuplicateKeyException e) {
            jdbc.sql("""
                    delete from api_key_view later using api_key_view earlier
                    where later.secret_sha256 = earlier.secret_sha256 and later.id <> earlier.id
                      and (select min(global_index) from domain_event_entry where aggregate_identifier = later.id)
                        > (select min(global_index) from domain_event_entry where aggregate_identifier = earlier.id)""")
                    .update();
            jdbc.sql(definition).update();
        }
    }
}
