package org.keyledger.platform;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The ledger's background work: one named daemon thread each, so that none keeps the JVM alive at shutdown. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ScheduledExecutorService scheduler(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
