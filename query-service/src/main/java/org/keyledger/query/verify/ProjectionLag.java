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
 * So does a query model being rebuilt from nothing: from just before its reset on this process ({@link
 * #resetting}), and, on every process, from the first measurement that sees the applied position go back, until it
 * has caught up with every event stored when that was seen.
 */
public class ProjectionLag extends RepeatingWork {

    static final long TICK_MILLIS = 100;

    private record Seen(long index, long atMillis) {
    }

    private final JdbcClient jdbc;
    private final long boundMillis;
    private final Deque<Seen> unapplied = new ArrayDeque<>();
    private long lastHead;
    private long lastApplied;
    private boolean first = true;
    private volatile boolean resetting;
    private volatile long lagMillis = Long.MAX_VALUE;
    private volatile long measuredAtMillis = Long.MIN_VALUE / 2;

    public ProjectionLag(JdbcClient jdbc, Duration bound) {
        super("projection-lag", Duration.ofMillis(TICK_MILLIS));
        this.jdbc = jdbc;
        this.boundMillis = bound.toMillis();
    }

    /**
     * Measures once before it returns, and starts before the web server opens (its phase, 0): the events stored
     * before this process could take a request count as waiting since the start, and an event a request appends is
     * timed from its append. Measured first on the thread, after the web server had opened, a key created (and
     * written through, so not waiting for the projection) in the first instant of a fresh ledger counted as waiting
     * since the start, and verify refused it until the projection had applied it. If PostgreSQL does not answer,
     * the lag stays unmeasured (verify refuses) until the thread's next run.
     */
    @Override
    public void start() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // unmeasured: verify fails closed; the thread's runs try again and log a failure that lasts
        }
        super.start();
    }

    @Override
    public int getPhase() {
        return 0;
    }

    /** True when verify may trust the query model. */
    public boolean withinBound() {
        return !resetting && lagMillis <= boundMillis && System.currentTimeMillis() - measuredAtMillis <= boundMillis;
    }

    /** Milliseconds the oldest unapplied event has waited; {@code Long.MAX_VALUE} until first measured. */
    public long lagMillis() {
        return lagMillis;
    }

    public long boundMillis() {
        return boundMillis;
    }

    /**
     * The query model is about to be emptied (a rebuild): verify refuses from now on, before the reset commits,
     * until {@link #resetDone} and then until the model has caught up.
     */
    public void resetting() {
        resetting = true;
    }

    /** The reset has committed, or did not happen ({@code false}: the model is as it was). */
    public synchronized void resetDone(boolean reset) {
        if (reset) {
            lastApplied = Long.MAX_VALUE; // the next measurement sees the position go back, whatever it is
            lagMillis = Long.MAX_VALUE;
        }
        resetting = false;
    }

    /** One measurement. */
    @Override
    protected synchronized void runOnce() {
        long now = System.currentTimeMillis();
        long head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry")
                .query(Long.class).single();
        long applied = jdbc.sql("select coalesce(max(position), 0) from projection_checkpoint where processor_name = ?")
                .param(ProjectionPositions.API_KEY_VIEW).query(Long.class).single();
        if (applied < lastApplied) { // reset: every stored event counts as infinitely old until applied again
            unapplied.clear();
            unapplied.addLast(new Seen(head, Long.MIN_VALUE / 2));
            lastHead = head;
        }
        lastApplied = applied;
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
