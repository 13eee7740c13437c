package org.keyledger.platform.sync;

import org.keyledger.platform.OwnThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the other processes that this one appended events, on {@link #CHANNEL}, so that their event stores fetch them
 * at once ({@link WakeableEventStore}) rather than at their next poll. Not from the appending transaction: PostgreSQL
 * serialises the commits of notifying transactions, their WAL flush included, so a notification sent with every
 * append let one append commit at a time, whatever the connections (measured with pgbench on this machine: inserts
 * with a notification committed at a third of the rate of inserts alone). Instead, after the append has committed,
 * one thread sends a notification in a transaction of its own, which writes nothing and so waits for no flush: one
 * for all the appends that committed while it was not yet sending. A process that stops between its commit and the
 * notification leaves the others to find the events at their next poll.
 *
 * <p>The payload is this process's own token, so that its listener leaves the store it woke itself (Axon's store
 * fetches on a local commit) alone.
 */
public class AppendNotifier extends OwnThread {

    public static final String CHANNEL = "ledger_events";
    private static final Logger log = LoggerFactory.getLogger(AppendNotifier.class);
    private static final long RETRY_SECONDS = 1;

    private final DataSource dataSource;
    private final String origin = UUID.randomUUID().toString();
    /** Whether a notification is due that the thread has not begun to send: appends meanwhile need no other. */
    private final AtomicBoolean due = new AtomicBoolean();

    public AppendNotifier(DataSource dataSource) {
        super("append-notifier");
        this.dataSource = dataSource;
    }

    /** Events this process appended have committed: the others are told soon, together with any that follow. */
    public void appended() {
        ScheduledExecutorService sender = thread();
        if (sender != null && due.compareAndSet(false, true)) {
            try {
                sender.execute(this::send);
            } catch (RejectedExecutionException stopping) {
                due.set(false);
            }
        }
    }

    /** Whether a notification on {@link #CHANNEL} came from this very process. */
    public boolean isOwn(String payload) {
        return origin.equals(payload);
    }

    private void send() {
        due.set(false); // an append from now on asks for a notification of its own
        try (Connection connection = dataSource.getConnection();
             PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, origin);
            notify.execute();
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not tell the other processes of new events ({}); trying again in {} s, and they find them"
                    + " at their next poll meanwhile", e.getMessage(), RETRY_SECONDS);
            if (due.compareAndSet(false, true)) {
                thread().schedule(this::send, RETRY_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}
