package org.keyledger.platform.sync;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.eventstore.EventStoreAutoConfiguration;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.platform.test.ProjectionAnnouncements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection's news reach a write waiting in the same process at commit, without the round trip through
 * PostgreSQL's notification (the listener is not even started here), and never before the positions are committed;
 * a replay's are not announced at all.
 */
class ProjectionPositionsTest {

    private static final ApiKeyId KEY = ApiKeyId.of("ak_0123456789abcdef0123456789abcdef");

    private DataSource database;
    private ProjectionPositions positions;
    private TransactionTemplate transaction;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        database = LedgerTestEnvironment.newDataSource();
        new LedgerSchemaMigrator(database, List.of(EventStoreAutoConfiguration.platform())).afterPropertiesSet();
        PgNotifications notifications = new PgNotifications(database); // not started: PostgreSQL delivers nothing
        notifications.subscribe(ProjectionPositions.CHANNEL, heard::add);
        positions = new ProjectionPositions(JdbcClient.create(database), notifications);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(database));
    }

    @Test
    void aWriteInTheSameProcessHearsOfTheAppliedEventsAtCommit() {
        transaction.executeWithoutResult(status -> {
            positions.recordAll(Map.of(KEY, 3L), ProjectionPositions.Announce.EVERYWHERE);
            assertThat(heard).as("nothing before the commit").isEmpty();
        });

        assertThat(heard).containsExactly(KEY.value() + ":3");
        assertThat(positions.applied(KEY)).contains(3L);
    }

    @Test
    void positionsRolledBackAreNeverAnnounced() {
        transaction.executeWithoutResult(status -> {
            positions.recordAll(Map.of(KEY, 3L), ProjectionPositions.Announce.EVERYWHERE);
            status.setRollbackOnly();
        });

        assertThat(heard).isEmpty();
        assertThat(positions.applied(KEY)).isEmpty();
    }

    /** A replay's positions are recorded but not announced, neither in this process nor through PostgreSQL. */
    @Test
    void aReplaysPositionsAreRecordedUnannounced() throws InterruptedException {
        ApiKeyId other = ApiKeyId.of("ak_fedcba9876543210fedcba9876543210");
        try (ProjectionAnnouncements announcements = ProjectionAnnouncements.listen(database)) {
            transaction.executeWithoutResult(status -> positions.recordAll(Map.of(KEY, 3L),
                    ProjectionPositions.Announce.NONE));
            transaction.executeWithoutResult(status -> positions.recordAll(Map.of(other, 1L),
                    ProjectionPositions.Announce.EVERYWHERE));

            assertThat(announcements.afterTheFirst()).containsExactly(other.value() + ":1");
            assertThat(heard).containsExactly(other.value() + ":1");
            assertThat(positions.applied(KEY)).contains(3L);
        }
    }

    /**
     * A new key written through is announced to this process's writes alone; a position recorded already is neither
     * written again nor announced again, while the others of the same statement are.
     */
    @Test
    void positionsAnnouncedHereOnlyAndPositionsRecordedAlreadyAreNotAnnouncedAgain() throws InterruptedException {
        ApiKeyId other = ApiKeyId.of("ak_fedcba9876543210fedcba9876543210");
        try (ProjectionAnnouncements announcements = ProjectionAnnouncements.listen(database)) {
            transaction.executeWithoutResult(status -> positions.recordAll(Map.of(KEY, 0L),
                    ProjectionPositions.Announce.HERE));
            assertThat(heard).containsExactly(KEY.value() + ":0");

            transaction.executeWithoutResult(status -> positions.recordAll(Map.of(KEY, 0L, other, 2L),
                    ProjectionPositions.Announce.EVERYWHERE));

            assertThat(announcements.afterTheFirst()).containsExactly(other.value() + ":2");
            assertThat(heard).containsExactly(KEY.value() + ":0", other.value() + ":2");
            assertThat(positions.applied(KEY)).contains(0L);
        }
    }

    /**
     * A change written through is announced to this process's writes alone, once its transaction commits: PostgreSQL
     * delivers in commit order, so the later announcement heard alone shows the change was not announced there.
     */
    @Test
    void aChangeWrittenThroughIsAnnouncedHereOnly() throws InterruptedException {
        ApiKeyId other = ApiKeyId.of("ak_fedcba9876543210fedcba9876543210");
        JdbcClient jdbc = JdbcClient.create(database);
        jdbc.sql("create table written (id varchar primary key, sequence bigint)").update();
        jdbc.sql("insert into written values (?, 0)").param(KEY.value()).update();
        try (ProjectionAnnouncements announcements = ProjectionAnnouncements.listen(database)) {
            transaction.executeWithoutResult(status -> {
                assertThat(positions.recordWith("update written set sequence = :sequence where id = :id returning id",
                        Map.of("id", KEY.value(), "sequence", 1L), KEY, 1L)).isTrue();
                assertThat(heard).as("nothing before the commit").isEmpty();
            });
            transaction.executeWithoutResult(status -> positions.recordAll(Map.of(other, 2L),
                    ProjectionPositions.Announce.EVERYWHERE));

            assertThat(announcements.afterTheFirst()).containsExactly(other.value() + ":2");
            assertThat(heard).containsExactly(KEY.value() + ":1", other.value() + ":2");
            assertThat(positions.applied(KEY)).contains(1L);
        }
    }

    /** Thousands of keys at once (a large import's): each notification stays under PostgreSQL's 8000 bytes. */
    @Test
    void manyKeysAreAnnouncedInSeveralNotificationsThatTogetherNameEachOnce() {
        Map<ApiKeyId, Long> sequences = new LinkedHashMap<>();
        for (int i = 0; i < 2_000; i++) {
            sequences.put(ApiKeyId.of("ak_%032x".formatted(i)), (long) i);
        }
        transaction.executeWithoutResult(status -> positions.recordAll(sequences,
                ProjectionPositions.Announce.EVERYWHERE));

        assertThat(heard).hasSizeGreaterThan(1).allSatisfy(payload -> assertThat(payload.length()).isLessThan(8000));
        Map<String, Long> announced = new HashMap<>();
        heard.forEach(payload -> ProjectionPositions.parse(payload).forEach((key, sequence) -> assertThat(
                announced.put(key, sequence)).as("once").isNull()));
        assertThat(announced).hasSize(2_000).containsEntry("ak_%032x".formatted(1999), 1999L);
    }
}
