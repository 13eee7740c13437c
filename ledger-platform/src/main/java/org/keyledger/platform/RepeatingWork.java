package org.keyledger.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work that a service does again and again while it runs, on a daemon thread of its own: once at start, then
 * {@code delay} after each run ends, until stop. A run that fails is logged and the next one tries again, so a
 * sampler that meets one failed query does not leave its readings stale for good.
 */
public abstract class RepeatingWork extends OwnThread {

    private static final Logger log = LoggerFactory.getLogger(RepeatingWork.class);

    private final String threadName;
    private final Duration delay;

    protected RepeatingWork(String threadName, Duration delay) {
        super(threadName);
        this.threadName = threadName;
        this.delay = delay;
    }

    /** One run of the work. */
    protected abstract void runOnce();

    @Override
    protected void started(ScheduledExecutorService thread) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("{} failed, trying again in {} ms: {}", threadName, delay.toMillis(), e.getMessage());
            }
        }, 0, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
