package org.keyledger.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.keyledger.platform.test.LedgerClient;

import java.io.IOException;
import java.util.List;

/** {@link ClerkBrowserTest} through the front door (nginx) in front of the split ledger. */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class ClerkBrowserFrontDoorTest extends ClerkBrowserTest {

    private static SplitLedger ledger;
    private static FrontDoor frontDoor;

    @SplitLedgerProperties
    static List<String> sessionTokens() throws IOException, InterruptedException {
        return startClerk(true);
    }

    @BeforeAll
    static void startFrontDoor() throws Exception {
        frontDoor = FrontDoor.start(ledger, FrontDoor.freePort(), clerk.frontendApiUrl(), CLERK_SECRET_KEY);
    }

    @AfterAll
    static void stopFrontDoor() throws Exception {
        if (frontDoor != null) {
            frontDoor.close();
        }
    }

    @Override
    String proxyUrl() {
        return frontDoor.url() + "/__clerk";
    }

    @Override
    LedgerClient backend() {
        return ledger.reads();
    }
}
