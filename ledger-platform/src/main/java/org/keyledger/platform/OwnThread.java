package org.keyledger.platform;

import org.springframework.context.SmartLifecycle;

import java.util.concurrent.ScheduledExecutorService;

/**
 * A part of a service that works on a daemon thread of its own ({@link DaemonThreads}), from the application's start
 * to its stop: at stop the thread is interrupted and whatever it had not begun is dropped.
 */
public abstract class OwnThread implements SmartLifecycle {

    private final String threadName;
    private volatile ScheduledExecutorService thread;

    protected OwnThread(String threadName) {
        this.threadName = threadName;
    }

    /** The thread, just started: schedule the work. */
    protected void started(ScheduledExecutorService thread) {
    }

    /** The thread, to hand it work; null before the start. */
    protected ScheduledExecutorService thread() {
        return thread;
    }

    @Override
    public void start() {
        thread = DaemonThreads.scheduler(threadName);
        started(thread);
    }

    @Override
    public void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null && !thread.isShutdown();
    }
}
