package org.keyledger.query.verify;

import org.keyledger.platform.RepeatingWork;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How far the query model trails the event store, measured every {@link #TICK_MILLIS} on this process's own clock:
 * the lag is how long ago this process first saw the oldest event the projection has not yet applied. An event
 * already waiting when the process starts counts as infinitely old, so a query service that starts behind refuses
 * to verify until it has caught up. If the measurement itself stops, the result is stale and counts as lagging.
 */
public class ProjectionLag extends RepeatingWork {

    static final long TICK_MILLIS = 100;

    private record Seen(long index, long atMillis) {
    }

    private final JdbcClient jdbc;
    private final long boundMillis;
    private final Deque<Seen> unapplied = new ArrayDeque<>();
    private long lastHead;
    private boolean first = true;
    private volatile long lagMillis = Long.MAX_VALUE;
    private volatile long measuredAtMillis = Long.MIN_VALUE / 2;

    public ProjectionLag(JdbcClient jdbc, Duration bound) {
        super("projection-lag", Duration.ofMillis(TICK_MILLIS));
        this.jdbc = jdbc;
        this.boundMillis = bound.toMillis();
    }

    /** True when verify may trust the query model. */
    public boolean withinBound() {
        return lagMillis <= boundMillis && System.currentTimeMillis() - measuredAtMillis <= boundMillis;
    }

    /** Milliseconds the oldest unapplied event has waited; {@code Long.MAX_VALUE} until first measured. */
    public long lagMillis() {
        return lagMillis;
    }

    public long boundMillis() {
        return boundMillis;
    }

    /** One measurement. */
    @Override
    protected synchronized void runOnce() {
        long now = System.currentTimeMillis();
        long head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry")
                .query(Long.class).single();
        long applied = jdbc.sql("select coalesce(max(position), 0) from projection_checkpoint where processor_name = ?")
                .param(ProjectionPositions.API_KEY_VIEW).query(Long.class).single();
        if (head > lastHead) {
            unapplied.addLast(new Seen(head, first ? Long.MIN_VALUE / 2 : now));
            lastHead = head;
        }
        first = false;
        while (!unapplied.isEmpty() && unapplied.peekFirst().index() <= applied) {
            unapplied.removeFirst();
        }
        lagMillis = unapplied.isEmpty() ? 0 : now - unapplied.peekFirst().atMillis();
        measuredAtMillis = now;
    }
}
