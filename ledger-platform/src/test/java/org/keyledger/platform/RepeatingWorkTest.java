package org.keyledger.platform;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatingWorkTest {

    /** Fails its first run; counts every run. */
    private static final class Work extends RepeatingWork {
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch thirdRun = new CountDownLatch(3);
        volatile Thread thread;

        Work() {
            super("repeating-work-test", Duration.ofMillis(1));
        }

        @Override
        protected void runOnce() {
            thread = Thread.currentThread();
            thirdRun.countDown();
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is away");
            }
        }
    }

    @Test
    void aFailedRunIsFollowedByTheNextOnADaemonThreadUntilStop() throws InterruptedException {
        Work work = new Work();
        assertThat(work.isRunning()).isFalse();
        work.start();
        assertThat(work.isRunning()).isTrue();
        assertThat(work.thirdRun.await(30, TimeUnit.SECONDS)).as("runs after the failed one").isTrue();
        assertThat(work.thread.getName()).isEqualTo("repeating-work-test");
        assertThat(work.thread.isDaemon()).isTrue();

        work.stop();
        assertThat(work.isRunning()).isFalse();
        work.thread.join(30_000);
        assertThat(work.thread.isAlive()).as("its one thread ends: no run after stop").isFalse();
    }
}
