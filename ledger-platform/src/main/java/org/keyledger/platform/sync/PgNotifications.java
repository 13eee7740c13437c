package org.keyledger.platform.sync;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * PostgreSQL LISTEN on one dedicated connection per process, fanned out to in-process subscribers. After a lost
 * connection it reconnects and calls every subscriber with a null payload, meaning "you may have missed
 * notifications: look again".
 */
public class PgNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);
    private static final int POLL_MILLIS = 500;

    private final DataSource dataSource;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    public PgNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param channel a plain identifier; {@code subscriber} runs on the listener thread and must not block */
    public void subscribe(String channel, Consumer<String> subscriber) {
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    /**
     * Hands a notification that this process itself sent to its own subscribers at once, as if PostgreSQL had
     * delivered it (which it will do too: subscribers must take a notification twice calmly). Call it only once the
     * notification's transaction has committed.
     */
    public void deliverLocally(String channel, String payload) {
        for (Consumer<String> subscriber : subscribers.getOrDefault(channel, List.of())) {
            subscriber.accept(payload);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::listen, "pg-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : subscribers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                connection.setAutoCommit(true);
                PGConnection pg = connection.unwrap(PGConnection.class);
                backoff = 100;
                subscribers.values().forEach(list -> list.forEach(s -> s.accept(null))); // missed while away
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        for (Consumer<String> subscriber : subscribers.getOrDefault(notification.getName(), List.of())) {
                            subscriber.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Lost the PostgreSQL notification connection ({}); reconnecting", e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }
}
