package org.keyledger.query.projection;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.keyledger.platform.sync.ProjectionPositions;
import org.keyledger.system.LocalLedger;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A local ledger's tracking projection, as the tests stop it, start it and wait for it. */
final class TrackingProjection {

    private final TrackingEventProcessor processor;
    private final JdbcClient jdbc;

    TrackingProjection(LocalLedger ledger) {
        this.processor = ledger.context().getBean(EventProcessingConfiguration.class)
                .eventProcessor(ProjectionPositions.API_KEY_VIEW, TrackingEventProcessor.class).orElseThrow();
        this.jdbc = ledger.context().getBean(JdbcClient.class);
    }

    TrackingEventProcessor processor() {
        return processor;
    }

    /** The position the projection has applied up to (-1: none yet). */
    long checkpoint() {
        return jdbc.sql("select coalesce(max(position), -1) from projection_checkpoint where processor_name = ?")
                .param(ProjectionPositions.API_KEY_VIEW).query(Long.class).single();
    }

    /**
     * Waits for the checkpoint to reach the last event stored, so that a test leaves nothing waiting for the
     * projection (verify refuses once the oldest waits longer than its bound), and for the processor's worker to have
     * run, so that a test may stop it ({@link QueryModelRebuild#workerHasRun}). If not within 30 s, the failure says
     * what the processor reported and where its threads stood.
     */
    void awaitCaughtUp() {
        long last = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class)
                .single();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!caughtUp(last) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        assertThat(caughtUp(last)).as(() -> "the checkpoint "
                + checkpoint() + " moved past event " + last + " and the worker ran; processor: running "
                + processor.isRunning() + ", " + processor.availableProcessorThreads() + " thread(s) free, "
                + processor.processingStatus() + "; its threads:" + threads()).isTrue();
    }

    private boolean caughtUp(long last) {
        return checkpoint() >= last && QueryModelRebuild.workerHasRun(processor);
    }

    private static String threads() {
        StringBuilder threads = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().contains(ProjectionPositions.API_KEY_VIEW) || thread.getName().contains("read-ahead")) {
                threads.append("\n").append(thread.getName()).append(' ').append(thread.getState());
                Arrays.stream(stack).limit(40).forEach(frame -> threads.append("\n    at ").append(frame));
            }
        });
        return threads.toString();
    }
}
