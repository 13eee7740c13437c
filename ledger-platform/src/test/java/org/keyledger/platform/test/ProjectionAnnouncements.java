package org.keyledger.platform.test;

import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.sync.ProjectionPositions;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What PostgreSQL announces on {@link ProjectionPositions#CHANNEL}, heard through a listener of its own, for a test to
 * tell what was announced from what was not: PostgreSQL delivers in commit order, so once a later transaction's
 * announcement has come, an earlier one's that has not never will.
 */
public final class ProjectionAnnouncements implements AutoCloseable {

    private final PgNotifications listener;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private ProjectionAnnouncements(DataSource database) {
        listener = new PgNotifications(database);
        listener.subscribe(ProjectionPositions.CHANNEL, payload -> {
            if (payload != null) { // null: the listener (re)connected
                heard.add(payload);
            }
        });
    }

    /** Listening to {@code database} once this returns. */
    public static ProjectionAnnouncements listen(DataSource database) throws InterruptedException {
        ProjectionAnnouncements announcements = new ProjectionAnnouncements(database);
        announcements.listener.start();
        Thread.sleep(500); // its thread connects and LISTENs
        return announcements;
    }

    /** Everything heard so far, once at least one announcement has come (or 10 s have passed). */
    public List<String> afterTheFirst() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (heard.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return List.copyOf(heard);
    }

    @Override
    public void close() {
        listener.stop();
    }
}
