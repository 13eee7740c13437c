package org.keyledger.query.verify;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.query.projection.QueryDatabase;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** When the lag is first measured, and so which events count as waiting since the start. */
class ProjectionLagTest {

    private JdbcClient jdbc;
    private ProjectionLag lag;

    @BeforeEach
    void store() {
        jdbc = JdbcClient.create(QueryDatabase.migrated());
        lag = new ProjectionLag(jdbc, Duration.ofSeconds(5));
    }

    /**
     * A create written through does not wait for the projection: verify must not take its event, appended the moment
     * the web server opened, for one that waited since the start.
     */
    @Test
    void anEventAppendedOnceTheServiceTakesRequestsIsTimedFromItsAppend() {
        assertThat(lag.getPhase()).as("started before the web server opens")
                .isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
        lag.start();
        try {
            appendAnEvent();
            lag.runOnce();

            assertThat(lag.lagMillis()).isLessThan(5000);
            assertThat(lag.withinBound()).isTrue();
        } finally {
            lag.stop();
        }
    }

    @Test
    void anEventStoredBeforeTheStartCountsAsWaitingSinceTheStart() {
        appendAnEvent();
        lag.start();
        try {
            assertThat(lag.lagMillis()).as("waiting since long before the start")
                    .isGreaterThan(Duration.ofDays(1).toMillis());
            assertThat(lag.withinBound()).isFalse();
        } finally {
            lag.stop();
        }
    }

    private void appendAnEvent() {
        jdbc.sql("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload)
                values (gen_random_uuid()::text, 'ak_lag', 0, 'ApiKey', '2026-12-07T00:00:00Z',
                    'org.keyledger.events.ApiKeyCreated', convert_to('{}', 'UTF8'))""").update();
    }
}
