package org.keyledger.query.projection;

import org.junit.jupiter.api.Test;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.LocalLedger;
import org.keyledger.system.SplitLedger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild asked for as the projection's processor starts (a query service just up, say) is refused, 409 and
 * retry, rather than stopping the processor while it claims its segment, which would leave it never claiming one
 * again ({@link QueryModelRebuild}): the model would stay behind and verify refuse until a restart.
 */
class QueryModelRebuildWhileStartingTest {

    @Test
    void aRebuildAsTheProjectionStartsIsRefusedAndTheProjectionGoesOn() {
        try (LocalLedger ledger = LocalLedger.start()) {
            TrackingProjection projection = new TrackingProjection(ledger);
            QueryModelRebuild rebuild = ledger.context().getBean(QueryModelRebuild.class);
            LedgerClient client = ledger.client();
            int refused = 0;
            for (int i = 0; i < 10; i++) {
                assertThat(client.send("POST", "/v1/api_keys", "{\"name\":\"while-starting-" + i
                        + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").status()).isEqualTo(200);
                projection.processor().shutDown();
                projection.processor().start();
                try {
                    rebuild.start();
                } catch (LedgerException e) {
                    assertThat(e.kind()).isEqualTo(LedgerException.Kind.CONFLICT);
                    refused++;
                }
                projection.awaitCaughtUp();
            }
            assertThat(refused).as("rebuilds refused while the processor started").isPositive();
        }
    }
}
