package org.keyledger.query.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.events.SealedSecret;
import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.sync.ProjectionPositions;
import org.keyledger.platform.test.ProjectionAnnouncements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The projection's handlers, driven directly on a PostgreSQL database of their own (no Axon, no Spring): what each
 * event writes to {@code api_key_view}, the position and checkpoint it records, and that an event applied again, or
 * after a later one, changes nothing; and the write-through's ({@link WriteThroughProjection}), which applies a change
 * only onto the row as the key's previous event left it.
 */
class ApiKeyProjectionTest {

    private static final ApiKeyId ID = ApiKeyId.of("ak_3beecc9c60adb5f9b850e91a8ee1e992");
    private static final String USER = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
    private static final String ORG = "org_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
    private static final SealedSecret SECRET = new SealedSecret(
            "9f2c6b1e0c8f4f3d5a7e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60", "Xy12", "c2VhbGVk");
    private static final ApiKeyCreated CREATED = new ApiKeyCreated(ID, "api_key", "ci-deploy", USER,
            "deploys from CI", Map.of("tenant", "t_1"), List.of("read"), USER, 1_000_000L, 100L, SECRET);
    private static final ApiKeyUpdated UPDATED = new ApiKeyUpdated(ID, ORG, null, null, List.of("read", "write"),
            null, 200L, List.of("subject", "description", "claims", "scopes", "expiration"));
    private static final ApiKeyRevoked REVOKED = new ApiKeyRevoked(ID, "rotated", 300L);
    private static final ApiKeyDeleted DELETED = new ApiKeyDeleted(ID, 400L);
    private static final ApiKeyId OTHER_ID = ApiKeyId.of("ak_0123456789abcdef0123456789abcdef");
    /** Brought in revoked, created long before the ledger took it in, known only by its hash. */
    private static final ApiKeyImported IMPORTED = new ApiKeyImported(ID, "api_key", "legacy", USER, "from Clerk",
            Map.of("tenant", "t_1"), List.of("read"), USER, 1_000_000L, 50L, true, "leaked", 150L,
            ApiKeyImported.SHA256, new SealedSecret(SECRET.sha256(), null, null));

    private DataSource database;
    private JdbcClient jdbc;
    private ApiKeyProjection projection;
    private WriteThroughProjection writeThrough;
    private final WrittenThrough writtenThrough = new WrittenThrough();

    @BeforeEach
    void migrate() {
        database = QueryDatabase.migrated();
        jdbc = JdbcClient.create(database);
        ProjectionPositions positions = new ProjectionPositions(jdbc, new PgNotifications(database));
        ArrivalRows arrivals = new ArrivalRows(jdbc, JsonMapper.shared());
        projection = projection(Long.MAX_VALUE);
        writeThrough = new WriteThroughProjection(JsonMapper.shared(), positions, arrivals, writtenThrough);
    }

    @Test
    void createdInsertsTheKeysRowWithEveryField() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));

        assertThat(row()).contains(entry("id", ID.value()), entry("type", "api_key"), entry("name", "ci-deploy"),
                entry("subject", USER), entry("description", "deploys from CI"),
                entry("claims", "{\"tenant\":\"t_1\"}"), entry("scopes", "[\"read\"]"), entry("created_by", USER),
                entry("expiration", 1_000_000L), entry("created_at", 100L), entry("updated_at", 100L),
                entry("revoked", false), entry("revocation_reason", null), entry("deleted", false),
                entry("secret_sha256", SECRET.sha256()), entry("secret_ciphertext", SECRET.ciphertext()),
                entry("last_sequence", 0L));
        assertThat(position()).isEqualTo(0L);
        assertThat(checkpoint()).isEqualTo(7L);
    }

    /** Imports wait in the unit of work of their batch, as a tracking processor runs one: here one of its own. */
    private void importInOneBatch(ApiKeyImported... events) {
        long before = rows();
        long[] during = new long[1];
        DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage(events[0])).execute(() -> {
            for (int i = 0; i < events.length; i++) {
                projection.on(events[i], 0, new GlobalSequenceTrackingToken(10 + i));
            }
            during[0] = rows();
        });
        assertThat(during[0]).as("written together, when the batch commits").isEqualTo(before);
    }

    private long rows() {
        return jdbc.sql("select count(*) from api_key_view").query(Long.class).single();
    }

    @Test
    void importedInsertsTheKeysRowAsItArrivedRevokedAndWithoutCiphertext() {
        importInOneBatch(IMPORTED);

        assertThat(row()).contains(entry("id", ID.value()), entry("type", "api_key"), entry("name", "legacy"),
                entry("subject", USER), entry("description", "from Clerk"),
                entry("claims", "{\"tenant\":\"t_1\"}"), entry("scopes", "[\"read\"]"), entry("created_by", USER),
                entry("expiration", 1_000_000L), entry("created_at", 50L), entry("updated_at", 150L),
                entry("revoked", true), entry("revocation_reason", "leaked"), entry("deleted", false),
                entry("secret_sha256", SECRET.sha256()), entry("secret_ciphertext", null), entry("last_sequence", 0L));
        assertThat(position()).isEqualTo(0L);
        assertThat(checkpoint()).isEqualTo(10L);
    }

    @Test
    void importsOfOneBatchAreWrittenTogetherAndATakenHashOrAnIdAppliedAgainLeavesTheRowAsItIs() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
        ApiKeyImported sameHash = new ApiKeyImported(OTHER_ID, "api_key", "other", USER, null, null, List.of(),
                null, null, 50L, false, null, 150L, ApiKeyImported.SHA256, IMPORTED.secret());
        ApiKeyImported fresh = new ApiKeyImported(OTHER_ID, "api_key", "other", USER, null, null, List.of(), null,
                null, 50L, false, null, 150L, ApiKeyImported.SHA256,
                new SealedSecret("ab".repeat(32), null, null));

        importInOneBatch(sameHash, new ApiKeyImported(ID, "api_key", "again", USER, null, null, List.of(), null,
                null, 50L, false, null, 150L, ApiKeyImported.SHA256, new SealedSecret("cd".repeat(32), null, null)));
        importInOneBatch(fresh);

        assertThat(row()).contains(entry("name", "ci-deploy"), entry("secret_sha256", SECRET.sha256()));
        assertThat(jdbc.sql("select name, secret_sha256 from api_key_view where id = ?").param(OTHER_ID.value())
                .query().singleRow()).containsExactly(entry("name", "other"), entry("secret_sha256", "ab".repeat(32)));
        assertThat(checkpoint()).as("never moves back").isEqualTo(11L);
    }

    @Test
    void updatedSetsEveryMutableFieldAndKeepsTheRest() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
        projection.on(UPDATED, 1, new GlobalSequenceTrackingToken(8));

        assertThat(row()).contains(entry("subject", ORG), entry("description", null), entry("claims", null),
                entry("scopes", "[\"read\",\"write\"]"), entry("expiration", null), entry("updated_at", 200L),
                entry("name", "ci-deploy"), entry("created_at", 100L), entry("secret_sha256", SECRET.sha256()),
                entry("last_sequence", 1L));
        assertThat(position()).isEqualTo(1L);
        assertThat(checkpoint()).isEqualTo(8L);
    }

    @Test
    void revokedMarksTheKeyRevokedWithItsReason() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
        projection.on(REVOKED, 1, new GlobalSequenceTrackingToken(8));

        assertThat(row()).contains(entry("revoked", true), entry("revocation_reason", "rotated"),
                entry("updated_at", 300L), entry("subject", USER), entry("last_sequence", 1L));
        assertThat(position()).isEqualTo(1L);
    }

    @Test
    void deletedLeavesATombstoneWithoutTheSealedSecret() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
        projection.on(DELETED, 1, new GlobalSequenceTrackingToken(8));

        assertThat(row()).contains(entry("deleted", true), entry("secret_ciphertext", null),
                entry("updated_at", 400L), entry("secret_sha256", SECRET.sha256()), entry("last_sequence", 1L));
        assertThat(position()).isEqualTo(1L);
    }

    @Test
    void everyEventAppliedAgainChangesNothing() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
        projection.on(UPDATED, 1, new GlobalSequenceTrackingToken(8));
        projection.on(REVOKED, 2, new GlobalSequenceTrackingToken(9));
        Map<String, Object> once = row();

        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
        projection.on(UPDATED, 1, new GlobalSequenceTrackingToken(8));
        projection.on(REVOKED, 2, new GlobalSequenceTrackingToken(9));

        assertThat(row()).isEqualTo(once);
        assertThat(position()).isEqualTo(2L);
        assertThat(checkpoint()).isEqualTo(9L);
    }

    @Test
    void anEventRedeliveredAfterALaterOneChangesNothing() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
        projection.on(UPDATED, 1, new GlobalSequenceTrackingToken(8));
        projection.on(REVOKED, 2, new GlobalSequenceTrackingToken(9));

        projection.on(new ApiKeyUpdated(ID, USER, "older", null, List.of(), null, 250L, List.of("subject")), 1,
                new GlobalSequenceTrackingToken(8));
        projection.on(DELETED, 2, new GlobalSequenceTrackingToken(9));

        assertThat(row()).contains(entry("subject", ORG), entry("description", null), entry("updated_at", 300L),
                entry("deleted", false), entry("secret_ciphertext", SECRET.ciphertext()), entry("last_sequence", 2L));
        assertThat(position()).isEqualTo(2L);
        assertThat(checkpoint()).as("never moves back").isEqualTo(9L);
    }

    @Test
    void theWriteThroughAppliesEachChangeOntoTheRowAsThePreviousEventLeftIt() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));

        writeThrough.on(UPDATED, 1);
        assertThat(row()).contains(entry("subject", ORG), entry("scopes", "[\"read\",\"write\"]"),
                entry("updated_at", 200L), entry("last_sequence", 1L));
        assertThat(position()).isEqualTo(1L);
        writeThrough.on(REVOKED, 2);
        assertThat(row()).contains(entry("revoked", true), entry("revocation_reason", "rotated"),
                entry("last_sequence", 2L));
        writeThrough.on(DELETED, 3);
        assertThat(row()).contains(entry("deleted", true), entry("secret_ciphertext", null),
                entry("updated_at", 400L), entry("last_sequence", 3L));
        assertThat(position()).isEqualTo(3L);
        assertThat(checkpoint()).as("the tracking projection's alone").isEqualTo(7L);

        projection.on(UPDATED, 1, new GlobalSequenceTrackingToken(8));
        projection.on(REVOKED, 2, new GlobalSequenceTrackingToken(9));
        projection.on(DELETED, 3, new GlobalSequenceTrackingToken(10));
        assertThat(row()).as("the tracking projection, meeting them later, leaves the row").contains(
                entry("subject", ORG), entry("revoked", true), entry("deleted", true), entry("last_sequence", 3L));
    }

    @Test
    void theWriteThroughLeavesARowThatLacksAnEarlierEventAndRecordsNoPosition() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
        Map<String, Object> created = row();

        writeThrough.on(REVOKED, 2); // the update at 1 not applied yet
        writeThrough.on(new ApiKeyRevoked(OTHER_ID, "rotated", 300L), 1); // no row at all yet

        assertThat(row()).isEqualTo(created);
        assertThat(position()).isEqualTo(0L);
        assertThat(jdbc.sql("select count(*) from api_key_projection_position where api_key_id = ?")
                .param(OTHER_ID.value()).query(Long.class).single()).isZero();
    }

    /**
     * Keys arriving together are written through as their unit of work commits, in it, and recorded without a
     * notification through PostgreSQL (only their creator waits for them, in this process); the tracking projection,
     * meeting their events later, leaves the rows as they are and announces only what it moved.
     */
    @Test
    void theWriteThroughInsertsArrivingKeysTogetherAsTheirUnitOfWorkCommits() throws InterruptedException {
        ApiKeyImported other = new ApiKeyImported(OTHER_ID, "api_key", "other", USER, null, null, List.of(), null,
                null, 50L, true, "leaked", 150L, ApiKeyImported.SHA256, new SealedSecret("ab".repeat(32), null, null));
        try (ProjectionAnnouncements announcements = ProjectionAnnouncements.listen(database)) {
            long[] during = new long[1];
            DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage(CREATED)).execute(() -> {
                writeThrough.on(CREATED, 0, "event-1");
                writeThrough.on(other, 0, "event-2");
                during[0] = rows();
            });

            assertThat(during[0]).as("written together, when the unit of work commits").isZero();
            assertThat(row()).contains(entry("name", "ci-deploy"), entry("secret_ciphertext", SECRET.ciphertext()),
                    entry("revoked", false), entry("last_sequence", 0L));
            assertThat(jdbc.sql("select revoked, revocation_reason, last_sequence from api_key_view where id = ?")
                    .param(OTHER_ID.value()).query().singleRow()).containsExactly(entry("revoked", true),
                    entry("revocation_reason", "leaked"), entry("last_sequence", 0L));
            assertThat(position()).isEqualTo(0L);

            projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));
            projection.on(REVOKED, 1, new GlobalSequenceTrackingToken(8));
            assertThat(row()).contains(entry("name", "ci-deploy"), entry("revoked", true), entry("last_sequence", 1L));
            assertThat(position()).isEqualTo(1L);
            assertThat(announcements.afterTheFirst()).as("the revoke alone").containsExactly(ID.value() + ":1");
        }
    }

    /**
     * The tracking projection passes over an arrival this process wrote through, once, without reading its payload,
     * and moves its checkpoint past it; a redelivery of it, a replay of it, or any other event is applied as before.
     */
    @Test
    void theTrackingProjectionPassesOverArrivalsWrittenThroughHere() {
        var written = GenericEventMessage.asEventMessage(CREATED);
        DefaultUnitOfWork.startAndGet(written).execute(() -> writeThrough.on(CREATED, 0, written.getIdentifier()));

        assertThat(intercepted(written, new GlobalSequenceTrackingToken(7))).as("passed over").isFalse();
        assertThat(checkpoint()).isEqualTo(7L);
        assertThat(writtenThrough.size()).isZero();
        assertThat(intercepted(written, new GlobalSequenceTrackingToken(7))).as("redelivered").isTrue();
        assertThat(intercepted(GenericEventMessage.asEventMessage(REVOKED), new GlobalSequenceTrackingToken(8)))
                .as("another event").isTrue();

        DefaultUnitOfWork.startAndGet(written).execute(() -> writeThrough.on(CREATED, 0, written.getIdentifier()));
        assertThat(intercepted(written, ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(9),
                new GlobalSequenceTrackingToken(7)))).as("replayed").isTrue();
    }

    /** An arrival whose transaction rolls back is not noted: no tracking projection will meet it. */
    @Test
    void anArrivalRolledBackIsForgotten() {
        var written = GenericEventMessage.asEventMessage(CREATED);
        var unit = DefaultUnitOfWork.startAndGet(written);
        unit.onCommit(u -> {
            throw new IllegalStateException("the commit failed");
        });
        try {
            unit.execute(() -> writeThrough.on(CREATED, 0, written.getIdentifier()));
        } catch (RuntimeException expected) {
            // the unit of work rolled back
        }

        assertThat(writtenThrough.size()).isZero();
    }

    /** Runs the projection's interceptor on the event as its tracking processor would; whether it went on to apply. */
    private boolean intercepted(EventMessage<?> event, TrackingToken token) {
        boolean[] proceeded = new boolean[1];
        new TransactionTemplate(new DataSourceTransactionManager(database)).execute(status ->
                new BatchingUnitOfWork<>(new GenericTrackedEventMessage<>(token, event)).executeWithResult(() ->
                        projection.passOverWrittenThrough((EventMessage<?>) CurrentUnitOfWork.get().getMessage(),
                                () -> {
                                    proceeded[0] = true;
                                    return null;
                                })));
        return proceeded[0];
    }

    /** A replay's batches record their positions without announcing them; news is announced. */
    @Test
    void aReplayedEventIsRecordedButNotAnnounced() throws InterruptedException {
        try (ProjectionAnnouncements announcements = ProjectionAnnouncements.listen(database)) {
            replayInOneBatch(projection, 20, 7, CREATED);
            projection.on(REVOKED, 1, new GlobalSequenceTrackingToken(21));

            assertThat(announcements.afterTheFirst()).containsExactly(ID.value() + ":1");
            assertThat(row()).contains(entry("revoked", true), entry("last_sequence", 1L));
        }
    }

    @Test
    void aResetEmptiesTheModelItsPositionsAndItsCheckpoint() {
        projection.on(CREATED, 0, new GlobalSequenceTrackingToken(7));

        projection.reset();

        assertThat(jdbc.sql("select count(*) from api_key_view").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from api_key_projection_position").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from projection_checkpoint").query(Long.class).single()).isZero();
    }

    /** The projection as a query service makes it, setting the indexes aside from {@code bulkReplayEvents} on. */
    private ApiKeyProjection projection(long bulkReplayEvents) {
        ProjectionPositions positions = new ProjectionPositions(jdbc, new PgNotifications(database));
        ArrivalRows arrivals = new ArrivalRows(jdbc, JsonMapper.shared());
        return new ApiKeyProjection(jdbc, JsonMapper.shared(), positions, arrivals,
                new BulkReplay(jdbc, positions, new DataSourceTransactionManager(database), bulkReplayEvents),
                writtenThrough);
    }

    /** The key's events as the event store holds them, for what the projection reads of it (their count, order). */
    private void stored(ApiKeyId... ids) {
        for (ApiKeyId id : ids) {
            jdbc.sql("""
                            insert into domain_event_entry (global_index, event_identifier, aggregate_identifier,
                                sequence_number, time_stamp, payload_type, payload)
                            values (nextval('domain_event_entry_seq'), gen_random_uuid(), ?,
                                (select count(*) from domain_event_entry where aggregate_identifier = ?),
                                '2026-12-07T00:00:00Z', 'ApiKeyCreated', '{}')""")
                    .params(id.value(), id.value()).update();
        }
    }

    /**
     * Events replayed in one batch, as a tracking processor applies them: one unit of work and transaction, each
     * event's message tracked by its replay token, and each handler given the token as Axon's resolver gives it
     * (unwrapped: the position alone).
     */
    private void replayInOneBatch(ApiKeyProjection replaying, long resetAt, long firstPosition,
                                  ApiKeyCreated... events) {
        List<TrackedEventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            batch.add(new GenericTrackedEventMessage<>(ReplayToken.createReplayToken(
                    new GlobalSequenceTrackingToken(resetAt), new GlobalSequenceTrackingToken(firstPosition + i)),
                    GenericEventMessage.asEventMessage(events[i])));
        }
        new TransactionTemplate(new DataSourceTransactionManager(database)).executeWithoutResult(status ->
                new BatchingUnitOfWork<>(batch).executeWithResult(() -> {
                    TrackedEventMessage<?> message = (TrackedEventMessage<?>) CurrentUnitOfWork.get().getMessage();
                    replaying.on((ApiKeyCreated) message.getPayload(), 0,
                            WrappedToken.unwrapLowerBound(message.trackingToken()));
                    return null;
                }));
    }

    /** The definitions of api_key_view's indexes, as PostgreSQL would make them again. */
    private List<String> indexes() {
        return jdbc.sql("select indexdef from pg_indexes where tablename = 'api_key_view' order by indexname")
                .query(String.class).list();
    }

    private static ApiKeyCreated created(ApiKeyId id, String name, SealedSecret secret) {
        return new ApiKeyCreated(id, "api_key", name, USER, null, null, List.of(), USER, null, 100L, secret);
    }

    private static final SealedSecret OTHER_SECRET = new SealedSecret(
            "0f2c6b1e0c8f4f3d5a7e1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f61", "Ab34", "b3RoZXI=");

    /**
     * A reset over as many events as the setting sets the secondary indexes aside; the replay then records no
     * positions until the batch holding the event at the reset position, which builds the indexes again as they
     * were and records every replayed key's position.
     */
    @Test
    void aLongReplayLoadsTheModelWithoutItsSecondaryIndexesAndBuildsThemWhenItHasAppliedEveryEvent() {
        List<String> before = indexes();
        assertThat(before).hasSize(3);
        stored(ID, OTHER_ID);
        ApiKeyProjection replaying = projection(2);

        replaying.reset();
        assertThat(indexes()).as("the primary key alone").containsExactly(before.get(2));
        replayInOneBatch(replaying, 2, 1, created(ID, "first", SECRET));
        assertThat(rows()).isEqualTo(1);
        assertThat(positions()).as("none recorded yet").isEmpty();
        assertThat(indexes()).hasSize(1);
        replayInOneBatch(replaying, 2, 2, created(OTHER_ID, "second", OTHER_SECRET));

        assertThat(indexes()).isEqualTo(before);
        assertThat(positions()).containsExactly(Map.of("api_key_id", OTHER_ID.value(), "sequence", 0L),
                Map.of("api_key_id", ID.value(), "sequence", 0L));
        assertThat(checkpoint()).isEqualTo(2L);
        assertThat(jdbc.sql("select count(*) from api_key_view_index_set_aside").query(Long.class).single()).isZero();
    }

    @Test
    void aShortReplayKeepsTheIndexesAndRecordsPositionsBatchByBatch() {
        List<String> before = indexes();
        stored(ID, OTHER_ID);
        ApiKeyProjection replaying = projection(3);

        replaying.reset();
        assertThat(indexes()).isEqualTo(before);
        replayInOneBatch(replaying, 2, 1, created(ID, "first", SECRET));

        assertThat(positions()).containsExactly(Map.of("api_key_id", ID.value(), "sequence", 0L));
    }

    /**
     * A process that claims a replay another one began (or the same after a restart) learns from the store that the
     * indexes are aside: it records no positions either, and builds them at the end.
     */
    @Test
    void aReplayTakenOverMidwayStillBuildsTheIndexesAtItsEnd() {
        List<String> before = indexes();
        stored(ID, OTHER_ID);
        projection(2).reset();
        ApiKeyProjection takingOver = projection(2);

        replayInOneBatch(takingOver, 2, 1, created(ID, "first", SECRET));
        assertThat(positions()).isEmpty();
        replayInOneBatch(takingOver, 2, 2, created(OTHER_ID, "second", OTHER_SECRET));

        assertThat(indexes()).isEqualTo(before);
        assertThat(positions()).hasSize(2);
    }

    /**
     * Two keys holding one hash (a store written before creates claimed theirs): the later arrival never had a row
     * while the unique index was there, and has none once it is built again.
     */
    @Test
    void aHashHeldByTwoKeysKeepsTheFirstArrivalsRowAsTheIndexWould() {
        List<String> before = indexes();
        stored(OTHER_ID, ID);
        ApiKeyProjection replaying = projection(2);

        replaying.reset();
        replayInOneBatch(replaying, 2, 1, created(OTHER_ID, "first", SECRET), created(ID, "second", SECRET));

        assertThat(indexes()).isEqualTo(before);
        assertThat(jdbc.sql("select id from api_key_view").query(String.class).list())
                .containsExactly(OTHER_ID.value());
    }

    private List<Map<String, Object>> positions() {
        return jdbc.sql("select * from api_key_projection_position order by api_key_id").query().listOfRows();
    }

    private Map<String, Object> row() {
        return jdbc.sql("select * from api_key_view where id = ?").param(ID.value()).query().singleRow();
    }

    private long position() {
        return jdbc.sql("select sequence from api_key_projection_position where api_key_id = ?").param(ID.value())
                .query(Long.class).single();
    }

    private long checkpoint() {
        return jdbc.sql("select position from projection_checkpoint where processor_name = ?")
                .param(ProjectionPositions.API_KEY_VIEW).query(Long.class).single();
    }
}
