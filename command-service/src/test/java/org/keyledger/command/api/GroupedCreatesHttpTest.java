package org.keyledger.command.api;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;
import static org.keyledger.platform.test.LedgerClient.quote;

/**
 * Concurrent creates are handled in groups, one transaction each (CreateBatcher), and each still gets exactly the
 * answer, the error and the event it would get alone.
 */
class GroupedCreatesHttpTest extends CommandServiceTest {

    private static final int CONCURRENT = 24;

    @Autowired
    private MeterRegistry meters;

    /** Sends {@code CONCURRENT} creates at once, body {@code i}, header X-Request-Id {@code "group-<i>-<run>"}. */
    private List<LedgerClient.Response> atOnce(String run, IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Callable<LedgerClient.Response>> creates = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                int n = i;
                creates.add(() -> http.send("POST", "/v1/api_keys", body.apply(n), "X-Request-Id",
                        "group-" + n + "-" + run));
            }
            List<LedgerClient.Response> responses = new ArrayList<>();
            for (Future<LedgerClient.Response> response : pool.invokeAll(creates)) {
                responses.add(response.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private double largestGroup() {
        return meters.get("ledger.create.group.size").summary().max();
    }

    @Test
    void concurrentCreatesShareATransactionYetEachKeepsItsOwnAnswerAndAuditMetadata() throws Exception {
        String subject = newSubject();
        List<LedgerClient.Response> responses = new ArrayList<>();
        for (int run = 0; run < 10 && largestGroup() < 2; run++) {
            String tag = "r" + run;
            List<LedgerClient.Response> round = atOnce(tag, i -> "{\"name\":" + quote("grouped-" + tag + "-" + i)
                    + ",\"subject\":" + quote(subject) + "}");
            for (int i = 0; i < round.size(); i++) {
                LedgerClient.Response created = round.get(i);
                assertThat(created.status()).as(created.body()).isEqualTo(200);
                JsonNode key = created.json();
                assertThat(key.get("name").asString()).isEqualTo("grouped-" + tag + "-" + i);
                assertThat(key.get("secret").asString()).startsWith("ak_");
                JsonNode meta = LedgerClient.JSON.readTree(jdbc.sql("""
                                select convert_from(meta_data, 'UTF8') from domain_event_entry
                                where aggregate_identifier = ?""").param(key.get("id").asString())
                        .query(String.class).single());
                assertThat(meta.path("requestId").asString()).isEqualTo("group-" + i + "-" + tag);
            }
            responses.addAll(round);
        }
        assertThat(largestGroup()).as("creates in one group, at the most").isGreaterThan(1);
        assertThat(responses.stream().map(LedgerClient.Response::id).distinct()).hasSize(responses.size());
        assertThat(responses.stream().map(r -> r.json().get("secret").asString()).distinct())
                .hasSize(responses.size());
    }

    @Test
    void ofConcurrentCreatesOfOneNameOneGetsItAndEveryOtherIsAConflict() throws Exception {
        String subject = newSubject();
        String name = newName();
        List<Long> before = rowCounts();

        List<LedgerClient.Response> responses = atOnce("same", i -> "{\"name\":" + quote(name) + ",\"subject\":"
                + quote(subject) + "}");

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        responses.stream().filter(r -> r.status() != 200)
                .forEach(r -> assertClerkError(r, 409, "token_creation_conflict", "name"));
        List<Long> after = rowCounts();
        assertThat(after).containsExactly(before.get(0) + 1, before.get(1) + 1, before.get(2) + 1);
        // the losers' hashes were released with their other claims
        assertThat(jdbc.sql("select count(*) from api_key_secret_hash where api_key_id = ?")
                .param(responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().id())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCreateThatBreaksARuleFailsAloneAmongConcurrentOnes() throws Exception {
        String subject = newSubject();

        List<LedgerClient.Response> responses = atOnce("mixed", i -> i % 3 == 0
                ? "{\"name\":\"ab\",\"subject\":" + quote(subject) + "}"
                : "{\"name\":" + quote("mixed-" + i) + ",\"subject\":" + quote(subject) + "}");

        for (int i = 0; i < responses.size(); i++) {
            if (i % 3 == 0) {
                assertClerkError(responses.get(i), 400, "form_param_format_invalid", "name");
            } else {
                assertThat(responses.get(i).status()).as(responses.get(i).body()).isEqualTo(200);
            }
        }
    }
}
