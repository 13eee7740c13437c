package org.keyledger.query.verify;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At most the configured number of verifies run at once; the others wait, are counted as waiting, and each runs once
 * a running one is done.
 */
class VerifyAdmissionTest {

    @Test
    void atMostTheConcurrencyRunAtOnceAndTheRestWaitTheirTurn() throws Exception {
        VerifyAdmission admission = new VerifyAdmission(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                requests.add(clients.submit(() -> {
                    admission.doFilter(new MockHttpServletRequest("POST", "/v1/api_keys/verify"),
                            new MockHttpServletResponse(), (request, response) -> {
                                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                running.decrementAndGet();
                                done.incrementAndGet();
                            });
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((running.get() < 2 || admission.waiting() < 3) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(running.get()).isEqualTo(2);
            assertThat(admission.waiting()).isEqualTo(3);

            release.countDown();
            for (Future<?> request : requests) {
                request.get(10, TimeUnit.SECONDS);
            }
            assertThat(done.get()).isEqualTo(5);
            assertThat(mostAtOnce.get()).isEqualTo(2);
            assertThat(admission.waiting()).isZero();
        } finally {
            clients.shutdownNow();
        }
    }
}
