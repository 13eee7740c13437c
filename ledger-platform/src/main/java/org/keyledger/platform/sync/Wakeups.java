package org.keyledger.platform.sync;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for PostgreSQL state that a notification announces, re-checking now and then in case one was missed. */
public final class Wakeups {

    private Wakeups() {
    }

    /** @return true once {@code done}, false if {@code deadlineNanos} (on System.nanoTime) passes first */
    public static boolean await(BooleanSupplier done, Semaphore signal, long deadlineNanos, long recheckMillis)
            throws InterruptedException {
        while (!done.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            signal.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(recheckMillis)), TimeUnit.NANOSECONDS);
        }
        return true;
    }
}
