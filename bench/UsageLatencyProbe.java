import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Part of bench/verify-benchmark.sh: how long after a successful verify its use is visible as last_used_at in
 * GET /v1/api_keys/{id} (verify → usage buffer → Kafka → consumer → PostgreSQL), measured while the benchmark loads
 * verify. Each line of the keys file is "id secret" of a key used for nothing else. Run with the JDK's source launcher:
 * java bench/UsageLatencyProbe.java QUERY_URL INSTANCE_KEY KEYS_FILE
 */
public class UsageLatencyProbe {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Bearer " + args[1];
        HttpClient http = HttpClient.newHttpClient();
        List<Long> latencies = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            String[] key = line.trim().split(" ");
            long started = System.nanoTime();
            HttpResponse<String> verified = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/api_keys/verify"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"secret\":\"" + key[1] + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (verified.statusCode() != 200) {
                throw new IllegalStateException("verify answered " + verified.statusCode());
            }
            while (true) {
                String body = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/api_keys/" + key[0]))
                        .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                if (!body.contains("\"last_used_at\":null")) {
                    break;
                }
                if (System.nanoTime() - started > 30_000_000_000L) {
                    throw new IllegalStateException("last_used_at of " + key[0] + " never appeared");
                }
                Thread.sleep(10);
            }
            latencies.add((System.nanoTime() - started) / 1_000_000);
            Thread.sleep(100);
        }
        Collections.sort(latencies);
        System.out.printf("usage visible in GET after verify (ms, %d samples): p50 %d, p90 %d, p99 %d, max %d%n",
                latencies.size(), percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                latencies.get(latencies.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
