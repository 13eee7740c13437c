package org.keyledger.system.robust;

import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verifies wait for a turn (ledger.verify.concurrency, here 1), but a client that sends its body slowly, or never,
 * holds none while it does: with more such clients than turns, another client's verify is answered at once, while
 * theirs are still waiting for their bodies; when the server gives up on those (its read timeout, here 3 s), each is
 * answered with a 4xx in the Clerk envelope.
 */
@SplitLedgerTest(properties = {"ledger.verify.concurrency=1", "server.tomcat.connection-timeout=3s"})
class SlowVerifyClientsTest {

    private static SplitLedger ledger;

    @Test
    void aClientThatNeverSendsItsBodyHoldsNoTurn() throws IOException {
        JsonNode key = JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"slow-clients\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
        URI base = URI.create(ledger.queryUrl());
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/api_keys/verify HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer "
                        + LedgerTestEnvironment.INSTANCE_KEY + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"secret\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(socket);
            }
            Thread.sleep(500); // each one's request is dispatched and reading its body

            assertThat(ledger.reads().send("POST", "/v1/api_keys/verify",
                    "{\"secret\":\"" + key.get("secret").asString() + "\"}").status()).isEqualTo(200);
            for (Socket socket : stalled) {
                assertThat(socket.getInputStream().available()).as("still waiting for its body, unanswered")
                        .isZero();
            }
            for (Socket socket : stalled) {
                String answer = readAnswer(socket);
                assertThat(answer).as(answer).matches("(?s)HTTP/1\\.1 4\\d\\d .*")
                        .contains("Content-Type: application/json").contains("\"errors\":[");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** What the server sent until it closed the connection or went quiet for 15 s. */
    private static String readAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(15_000);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
                if (answer.toString(StandardCharsets.UTF_8).contains("}]")) {
                    break; // the envelope's errors are complete
                }
            }
        } catch (SocketTimeoutException e) {
            // what came is what there is
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
