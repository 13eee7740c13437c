package org.keyledger.system;

import org.junit.jupiter.api.RepeatedTest;
import org.keyledger.platform.test.LedgerClient;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise: once revoke (or delete) returns, verify rejects the key, with no window. Threads verify the key in
 * a loop against the query service while the command service revokes it; no verify that started after the revoke
 * returned may succeed. Repeated, because a window would show up only now and then.
 */
@SplitLedgerTest
class ZeroWindowRevocationTest {

    private static final int VERIFIERS = 3;
    private static SplitLedger ledger;

    private record Call(long startedNanos, int status) {
    }

    @RepeatedTest(10)
    void noVerifyStartedAfterRevokeReturnedSucceeds() throws Exception {
        raceAgainst(id -> ledger.writes().send("POST", "/api_keys/" + id + "/revoke", "{}"));
    }

    @RepeatedTest(5)
    void noVerifyStartedAfterDeleteReturnedSucceeds() throws Exception {
        raceAgainst(id -> ledger.writes().send("DELETE", "/v1/api_keys/" + id, null));
    }

    private void raceAgainst(Function<String, LedgerClient.Response> write) throws Exception {
        LedgerClient.Response created = ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"race-" + System.nanoTime() + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}");
        var key = JsonMapper.shared().readTree(created.body());
        String verifyBody = "{\"secret\":\"" + key.get("secret").asString() + "\"}";
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(VERIFIERS);
        List<Future<?>> verifiers = new ArrayList<>();
        for (int i = 0; i < VERIFIERS; i++) {
            verifiers.add(pool.submit(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    int status = ledger.reads().send("POST", "/api_keys/verify", verifyBody).status();
                    calls.add(new Call(started, status));
                }
            }));
        }
        waitUntil(() -> count(calls, c -> c.status() == 200) > 0);

        assertThat(write.apply(key.get("id").asString()).status()).isEqualTo(200);
        long writeReturned = System.nanoTime();
        waitUntil(() -> count(calls, c -> c.startedNanos() > writeReturned) >= 20);
        running.set(false);
        for (Future<?> verifier : verifiers) {
            verifier.get();
        }
        pool.shutdown();

        List<Call> after;
        synchronized (calls) {
            after = calls.stream().filter(c -> c.startedNanos() > writeReturned).toList();
        }
        assertThat(after).isNotEmpty().allSatisfy(c -> assertThat(c.status()).isEqualTo(404));
    }

    private static long count(List<Call> calls, java.util.function.Predicate<Call> which) {
        synchronized (calls) {
            return calls.stream().filter(which).count();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
