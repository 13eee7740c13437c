package org.keyledger.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.console.ConsoleAutoConfiguration;
import org.keyledger.platform.test.LedgerClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console's files: served by the query service at {@code /}, {@code /console/} and {@code /webjars/} without an
 * instance key (they hold no data) and with the Content-Security-Policy; through the front door at the same paths,
 * with {@code /v1/events} and {@code /v1/metrics}. Nothing else becomes public.
 */
@SplitLedgerTest
class ConsoleRoutesTest {

    private static final List<String> FILES = List.of("/", "/console/index.html", "/console/console.js",
            "/console/console.css", "/webjars/preact/dist/preact.module.js", "/webjars/chart.js/dist/chart.umd.js");

    private static SplitLedger ledger;
    private static FrontDoor frontDoor;

    @BeforeAll
    static void start() throws Exception {
        if (FrontDoor.available() || System.getenv("LEDGER_REQUIRE_NGINX") != null) {
            frontDoor = FrontDoor.start(ledger);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (frontDoor != null) {
            frontDoor.close();
        }
    }

    @Test
    void theQueryServiceServesTheConsoleWithoutAKeyAndWithItsPolicy() {
        assertConsoleServed(ledger.queryUrl());
    }

    @Test
    void theFrontDoorServesTheConsoleAndItsRoutesFromAQueryService() {
        assumeTrue(frontDoor != null, "nginx is not installed");
        assertConsoleServed(frontDoor.url());
        for (String route : List.of("/v1/events", "/v1/metrics")) {
            assertThat(new LedgerClient(frontDoor.url()).get(route).status()).as(route).isEqualTo(200);
        }
    }

    private static void assertConsoleServed(String base) {
        for (String file : FILES) {
            LedgerClient.Response response = new LedgerClient(base).sendAs(null, "GET", file, null);
            assertThat(response.status()).as(file).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(file)
                    .contains(ConsoleAutoConfiguration.CONTENT_SECURITY_POLICY);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(response.headers().allValues("Set-Cookie")).as(file).isEmpty();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (file.endsWith(".js")) {
                assertThat(type).as(file).startsWith("text/javascript");
            } else if (file.endsWith(".css")) {
                assertThat(type).as(file).startsWith("text/css");
            } else {
                assertThat(type).as(file).startsWith("text/html");
                assertThat(response.body()).contains("/console/console.js")
                        .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>"); // no inline script
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/events", "/v1/api_keys?subject=user_x", "/console/../v1/events",
            "/webjars/../v1/api_keys?subject=user_x", "/console/%2e%2e/v1/events", "/actuator/../v1/events"})
    void everythingElseStillNeedsTheInstanceKey(String path) throws IOException {
        // sent as is (a client would normalise the dots away): the public prefixes must not open the API
        int status = rawGet(URI.create(ledger.queryUrl()), path);
        assertThat(status).as(path).isIn(400, 401, 404);
    }

    private static int rawGet(URI base, String path) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
