package org.keyledger.query.verify;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.sync.ProjectionPositions;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verify fails closed: while the query model trails the event store it answers 503 rather than trust stale rows,
 * both for a key with an unapplied event (at once) and for every key once the lag passes its bound; meanwhile the
 * query service reports itself not ready, so a load balancer sends verifies to one that has caught up.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.METHOD, properties = {"ledger.verify.max-projection-lag=500ms",
        "ledger.read-your-writes.timeout=600ms", "ledger.verify.cache.lease=4s"})
class FailClosedTest {

    private SplitLedger ledger;
    private TrackingEventProcessor projection;

    @BeforeEach
    void projection() {
        projection = ledger.query().getBean(EventProcessingConfiguration.class)
                .eventProcessor(ProjectionPositions.API_KEY_VIEW, TrackingEventProcessor.class).orElseThrow();
    }

    @Test
    void aKeyWithAnUnappliedEventIsNeverAnsweredFromItsStaleRow() {
        JsonNode key = create("stale-row");
        assertThat(verify(key).status()).isEqualTo(200);

        projection.shutDown();
        // and deaf to writes: the key leaves its verify cache only with its next lease renewal, so a write that gave
        // up waiting for the projection must still wait for that
        PgNotifications listener = ledger.query().getBean(PgNotifications.class);
        listener.stop();
        try {
            assertThat(ledger.writes().send("POST", "/v1/api_keys/" + key.get("id").asString()
                    + "/revoke", "{}").status()).isEqualTo(200);

            LedgerClient.Response answer = verify(key);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(answer.body()).contains("\"code\":\"service_unavailable\"");
        } finally {
            listener.start(); // its reconnection empties the cache too, so only after the verify
        }
    }

    @Test
    void everyVerifyAnswers503WhileTheProjectionLagsBeyondItsBoundAndRecoversAfter() throws InterruptedException {
        JsonNode untouched = create("untouched");
        JsonNode revokedLater = create("revoked-later");
        projection.shutDown();
        ledger.writes().send("POST", "/v1/api_keys/" + revokedLater.get("id").asString()
                + "/revoke", "{}");

        awaitStatus(untouched, 503); // the untouched key's row is current, but the model as a whole is not
        LedgerClient.Response readiness = ledger.reads().send("GET", "/actuator/health/readiness", null);
        assertThat(readiness.status()).as("a lagging query service is not ready").isEqualTo(503);
        assertThat(JsonMapper.shared().readTree(readiness.body()).at("/components/projection/status").asString())
                .isEqualTo("DOWN");

        projection.start();
        awaitStatus(untouched, 200);
        assertThat(verify(revokedLater).status()).isEqualTo(404);
        assertThat(ledger.reads().send("GET", "/actuator/health/readiness", null).status())
                .as("ready again once caught up").isEqualTo(200);
    }

    private JsonNode create(String name) {
        return JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
    }

    private LedgerClient.Response verify(JsonNode key) {
        return ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + key.get("secret").asString() + "\"}");
    }

    private void awaitStatus(JsonNode key, int status) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (verify(key).status() != status) {
            assertThat(System.nanoTime()).as("verify never answered " + status).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
