package org.keyledger.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.keyledger.platform.test.LedgerClient;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link ClerkBrowserTest} against local mode (one process, as {@code ./ledger} runs it), which answers
 * {@code /__clerk//api_keys…} itself and forwards the rest of {@code /__clerk/} to the Frontend API double.
 */
class ClerkBrowserLocalModeTest extends ClerkBrowserTest {

    private static LocalLedger ledger;

    @BeforeAll
    static void startLocalMode() throws Exception {
        List<String> properties = new ArrayList<>(startClerk(false));
        properties.add("clerk.frontend-api=" + clerk.frontendApiUrl());
        properties.add("clerk.secret-key=" + CLERK_SECRET_KEY);
        ledger = LocalLedger.start(properties.toArray(String[]::new));
    }

    @AfterAll
    static void stopLocalMode() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Override
    String proxyUrl() {
        return ledger.url() + "/__clerk";
    }

    @Override
    LedgerClient backend() {
        return ledger.client();
    }
}
