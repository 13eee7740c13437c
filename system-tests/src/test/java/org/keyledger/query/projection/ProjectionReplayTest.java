package org.keyledger.query.projection;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.sync.ProjectionPositions;
import org.keyledger.platform.test.ProjectionAnnouncements;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query model is a pure function of the event history: applying an event twice changes nothing, and a replay
 * from an empty model (token reset) rebuilds exactly the same rows, here loaded as a long rebuild loads them (its
 * secondary indexes set aside, BulkReplay) and left with the same indexes; in batches of two events, so that the
 * replay's end is told from its other batches.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS, properties = {"ledger.projection.bulk-replay-events=1",
        "ledger.projection.batch-size=2"})
class ProjectionReplayTest {

    private static SplitLedger ledger;
    private static JdbcClient jdbc;
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void history() {
        jdbc = ledger.query().getBean(JdbcClient.class);
        for (int i = 0; i < 8; i++) {
            var created = JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                    "{\"name\":\"replay-" + i + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\",\"claims\":{\"n\":"
                            + i + ",\"Nested\":{\"x\":[1,2.50]}},\"scopes\":[\"s" + i + "\"]"
                            + (i % 2 == 0 ? ",\"seconds_until_expiration\":3600" : "") + "}").body());
            ids.add(created.get("id").asString());
        }
        patch(ids.get(1), "{\"description\":\"changed\",\"scopes\":[\"a\",\"b\"]}");
        patch(ids.get(2), "{\"claims\":null,\"seconds_until_expiration\":null}");
        ledger.writes().send("POST", "/v1/api_keys/" + ids.get(3) + "/revoke",
                "{\"revocation_reason\":\"replayed\"}");
        ledger.writes().send("DELETE", "/v1/api_keys/" + ids.get(4), null);
        ledger.writes().send("POST", "/v1/api_keys/" + ids.get(5) + "/revoke", null);
        ledger.writes().send("DELETE", "/v1/api_keys/" + ids.get(5), null);
        // imported keys, changed right after: a replay applies these in one batch, the imports' rows written first
        var imported = JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys/import",
                "{\"keys\":[{\"name\":\"replay-import-0\",\"subject\":\"" + SplitLedger.SUBJECT + "\"},"
                        + "{\"name\":\"replay-import-1\",\"subject\":\"" + SplitLedger.SUBJECT + "\",\"revoked\":true},"
                        + "{\"name\":\"replay-import-2\",\"subject\":\"" + SplitLedger.SUBJECT
                        + "\",\"secret_sha256\":\"" + "ab".repeat(32) + "\"}]}").body());
        imported.get("data").forEach(key -> ids.add(key.get("id").asString()));
        ledger.writes().send("POST", "/v1/api_keys/" + ids.get(8) + "/revoke",
                "{\"revocation_reason\":\"replayed import\"}");
        patch(ids.get(10), "{\"description\":\"changed after import\"}");
    }

    private static void patch(String id, String body) {
        assertThat(ledger.writes().send("PATCH", "/v1/api_keys/" + id, body).status())
                .isEqualTo(200);
    }

    private static List<Map<String, Object>> rows() {
        return jdbc.sql("select * from api_key_view order by id").query().listOfRows();
    }

    private static List<Map<String, Object>> positions() {
        return jdbc.sql("select * from api_key_projection_position order by api_key_id").query().listOfRows();
    }

    @Test
    void applyingEveryEventAgainChangesNothing() {
        var before = rows();
        var positionsBefore = positions();
        assertThat(before).hasSize(11);
        ApiKeyProjection projection = ledger.query().getBean(ApiKeyProjection.class);
        EventStore events = ledger.query().getBean(EventStore.class);
        var token = new GlobalSequenceTrackingToken(0);

        for (String id : ids) {
            events.readEvents(id).asStream().forEach(event -> redeliver(projection, event, token));
        }

        assertThat(rows()).isEqualTo(before);
        assertThat(positions()).isEqualTo(positionsBefore);
    }

    private static void redeliver(ApiKeyProjection projection, DomainEventMessage<?> event,
                                  GlobalSequenceTrackingToken token) {
        long sequence = event.getSequenceNumber();
        Object payload = event.getPayload();
        if (payload instanceof ApiKeyCreated created) {
            projection.on(created, sequence, token);
        } else if (payload instanceof ApiKeyImported imported) {
            // an import's row waits in the unit of work of its batch: here a batch of one
            DefaultUnitOfWork.startAndGet(event).execute(() -> projection.on(imported, sequence, token));
        } else if (payload instanceof ApiKeyUpdated updated) {
            projection.on(updated, sequence, token);
        } else if (payload instanceof ApiKeyRevoked revoked) {
            projection.on(revoked, sequence, token);
        } else if (payload instanceof ApiKeyDeleted deleted) {
            projection.on(deleted, sequence, token);
        }
    }

    /** Axon reports "replaying" until an event past the reset arrives; having reached the reset point is enough. */
    private static boolean replayedToTheReset(EventTrackerStatus status) {
        return status.isCaughtUp()
                && status.getCurrentPosition().orElse(-1) >= status.getResetPosition().orElse(Long.MAX_VALUE);
    }

    @Test
    void replayFromAnEmptyModelRebuildsTheSameRowsAndAnnouncesNothing() throws InterruptedException {
        var before = rows();
        var positionsBefore = positions();
        var indexesBefore = indexes();
        TrackingEventProcessor processor = ledger.query().getBean(EventProcessingConfiguration.class)
                .eventProcessor(ProjectionPositions.API_KEY_VIEW, TrackingEventProcessor.class).orElseThrow();
        DataSource database = ledger.query().getBean(DataSource.class);
        ProjectionAnnouncements announcements = ProjectionAnnouncements.listen(database);

        processor.shutDown();
        processor.resetTokens(); // runs the projection's @ResetHandler: the model is emptied
        assertThat(rows()).isEmpty();
        assertThat(indexes()).as("set aside for the replay").hasSize(1);
        processor.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!(rows().size() == before.size() && processor.processingStatus().values().stream()
                .allMatch(ProjectionReplayTest::replayedToTheReset))) {
            assertThat(System.nanoTime()).as("replay did not finish: %s rows, %s", rows().size(),
                    processor.processingStatus()).isLessThan(deadline);
            Thread.sleep(20);
        }

        assertThat(rows()).isEqualTo(before);
        assertThat(positions()).isEqualTo(positionsBefore);
        assertThat(indexes()).isEqualTo(indexesBefore);
        assertThat(processor.processingStatus().values()).allMatch(EventTrackerStatus::isCaughtUp);
        // news after the replay is announced; the replay itself was not: no write waited for it
        patch(ids.get(0), "{\"description\":\"after the replay\"}");
        try (announcements) {
            assertThat(announcements.afterTheFirst()).containsExactly(ids.get(0) + ":1");
        }
    }

    private static List<String> indexes() {
        return jdbc.sql("select indexdef from pg_indexes where tablename = 'api_key_view' order by indexname")
                .query(String.class).list();
    }
}
