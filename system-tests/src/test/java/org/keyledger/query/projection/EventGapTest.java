package org.keyledger.query.projection;

import org.junit.jupiter.api.Test;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * The event processors cross a gap in the global index wider than one fetch (a rolled-back import of a thousand keys
 * leaves one): the next event is read in the same query that finds the gap, with no second look past it
 * (EventStoreAutoConfiguration's tracked-event fetch).
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class EventGapTest {

    @Test
    void aWriteAfterAGapWiderThanAFetchIsReadAtOnce(SplitLedger ledger) {
        String subject = newSubject();
        ledger.writes().createKey(subject, newName());
        // three fetches' worth of indexes taken and never used, as by rolled-back appends
        ledger.query().getBean(JdbcClient.class)
                .sql("select setval('domain_event_entry_seq', (select last_value from domain_event_entry_seq) + 3000)")
                .query().singleRow();

        long started = System.nanoTime();
        JsonNode created = ledger.writes().createKey(subject, newName());
        long millis = (System.nanoTime() - started) / 1_000_000;

        // the write waited for the projection, which crossed the gap at once (not after the write's 5 s bound)
        assertThat(millis).isLessThan(3000);
        assertThat(ledger.reads().get("/v1/api_keys/" + created.get("id").asString()).status()).isEqualTo(200);
        assertThat(ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + created.get("secret").asString() + "\"}").status()).isEqualTo(200);
    }
}
