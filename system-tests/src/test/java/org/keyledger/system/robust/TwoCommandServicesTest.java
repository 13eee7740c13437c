package org.keyledger.system.robust;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command services patching one key at once: an update is not conditional, so every PATCH answers 200 (the
 * ledger retries a lost race on the aggregate itself); 409 stays for the name conflict.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class TwoCommandServicesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PATCHES_EACH = 40;

    static SplitLedger ledger;
    static ConfigurableApplicationContext secondCommand;

    @BeforeAll
    static void start() {
        secondCommand = ledger.startAnotherCommand();
    }

    @AfterAll
    static void stop() {
        secondCommand.close();
    }

    @Test
    void racingPatchesAllSucceedAndEveryOneIsRecorded() throws Exception {
        String id = JSON.readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"raced\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body()).get("id").asString();
        List<String> services = List.of(ledger.commandUrl(), SplitLedger.url(secondCommand));
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < services.size(); s++) {
            for (int t = 0; t < 2; t++) {
                String base = services.get(s);
                String writer = s + "-" + t;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < PATCHES_EACH / 2; i++) {
                            var answer = new LedgerClient(base).send("PATCH", "/v1/api_keys/" + id,
                                    "{\"description\":\"" + writer + "-" + i + "\"}");
                            if (answer.status() != 200) {
                                failures.add(answer.status() + " " + answer.body());
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        var trail = JSON.readTree(ledger.reads().send("GET", "/v1/api_keys/" + id + "/events", null)
                .body());
        assertThat(trail.get("data").size()).as("created + every patch").isEqualTo(1 + 2 * PATCHES_EACH);
    }

    @Test
    void aNameConflictIsStill409() {
        String body = "{\"name\":\"taken-twice\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}";
        assertThat(ledger.writes().send("POST", "/v1/api_keys", body).status()).isEqualTo(200);
        var second = SplitLedger.client(secondCommand).send("POST", "/v1/api_keys", body);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body()).contains("token_creation_conflict");
    }
}
