package org.keyledger.query.projection;

import org.axonframework.spring.config.SpringAxonConfiguration;
import org.keyledger.platform.sync.ProjectionPositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

/**
 * Holds the query service's start (and so its web server, which opens in a later phase) until the query model's
 * projection is running, that is until some query service holds the claim on its token. Before that a write
 * returns without waiting for the query model (ReadYourWrites sees nobody to wait for), so a read made right after
 * it on a query service that had just started could miss it. Axon starts the processor just before this phase and
 * claims the token on a thread of its own, a moment later.
 */
class ProjectionStartupGate implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionStartupGate.class);
    private static final long POLL_MILLIS = 20;

    private final JdbcClient jdbc;
    private final Duration timeout;
    private volatile boolean running;

    ProjectionStartupGate(JdbcClient jdbc, Duration timeout) {
        this.jdbc = jdbc;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        running = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!projectionRunning()) {
            if (System.nanoTime() - deadline > 0) {
                log.warn("The query model's projection did not start within {}; serving anyway", timeout);
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether some query service is running the projection now (it holds the processor's token claim). */
    private boolean projectionRunning() {
        return jdbc.sql("select count(*) from token_entry where processor_name = ? and owner is not null")
                .param(ProjectionPositions.API_KEY_VIEW).query(Long.class).single() > 0;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After Axon's processors have started, before the web server opens. */
    @Override
    public int getPhase() {
        return SpringAxonConfiguration.LIFECYCLE_PHASE + 1;
    }
}
