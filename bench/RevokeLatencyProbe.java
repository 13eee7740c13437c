import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part of bench/verify-benchmark.sh: how long revoke and delete take, first with no other load, then while wrk
 * verifies the very keys being revoked and deleted. For comparison it times, interleaved with the writes in the same
 * phase, a GET of a key and a request to the bare route (the same server's cost of any request). Each line of the
 * key files is "id secret". Run with the JDK's source launcher:
 * java bench/RevokeLatencyProbe.java URL INSTANCE_KEY IDLE_KEYS LOADED_KEYS READY_FILE START_FILE SECONDS
 * After the idle phase it creates READY_FILE, then waits for START_FILE (the load has begun) and writes for SECONDS.
 */
public class RevokeLatencyProbe {

    /**
     * GET and bare requests before anything is timed: the probe's own JVM starts cold, and with 10 of them its
     * HTTP client was still interpreted, adding 4 to 6 ms to every request it timed (an idle bare request: 6.2 ms,
     * against 2.1 ms after 3,000; BENCHMARKS.md, 2026-12-07, bulk replay).
     */
    private static final int WARM_UP = 3000;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String auth;

    private RevokeLatencyProbe(String base, String auth) {
        this.base = base;
        this.auth = auth;
    }

    public static void main(String[] args) throws Exception {
        RevokeLatencyProbe probe = new RevokeLatencyProbe(args[0], "Bearer " + args[1]);
        List<String[]> idle = keys(args[2]);
        List<String[]> loaded = keys(args[3]);
        String getId = idle.get(0)[0]; // revoked first, never deleted: GET answers it throughout
        for (int i = 0; i < WARM_UP; i++) {
            probe.get(getId);
            probe.bare();
        }
        Map<String, List<Long>> quiet = probe.phase(idle.iterator(), getId, Long.MAX_VALUE);
        Files.createFile(Path.of(args[4]));
        while (!Files.exists(Path.of(args[5]))) {
            Thread.sleep(10);
        }
        Thread.sleep(1000); // wrk's connections are up and busy
        Map<String, List<Long>> busy = probe.phase(loaded.iterator(), getId,
                System.nanoTime() + Long.parseLong(args[6]) * 1_000_000_000L);
        report("no load", quiet);
        report("verify load", busy);
    }

    /** Revoke, GET, delete, bare route, in turn, until the keys or the time run out. */
    private Map<String, List<Long>> phase(Iterator<String[]> keys, String getId, long untilNanos) throws Exception {
        Map<String, List<Long>> latencies = new LinkedHashMap<>();
        for (String name : List.of("revoke", "delete", "GET", "bare")) {
            latencies.put(name, new ArrayList<>());
        }
        while (keys.hasNext() && System.nanoTime() < untilNanos) {
            String id = keys.next()[0];
            latencies.get("revoke").add(timed(() -> send("POST", "/v1/api_keys/" + id + "/revoke", "{}")));
            latencies.get("GET").add(timed(() -> get(getId)));
            if (!keys.hasNext()) {
                break;
            }
            String other = keys.next()[0];
            latencies.get("delete").add(timed(() -> send("DELETE", "/v1/api_keys/" + other, null)));
            latencies.get("bare").add(timed(this::bare));
            Thread.sleep(20);
        }
        return latencies;
    }

    private void get(String id) throws Exception {
        send("GET", "/v1/api_keys/" + id, null);
    }

    private void bare() throws Exception {
        send("POST", "/v1/bench/bare", "{}");
    }

    private void send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static long timed(Call call) throws Exception {
        long started = System.nanoTime();
        call.run();
        return (System.nanoTime() - started) / 1_000;
    }

    private static void report(String phase, Map<String, List<Long>> latencies) {
        StringBuilder line = new StringBuilder(phase + " (ms):");
        latencies.forEach((name, micros) -> {
            Collections.sort(micros);
            line.append(String.format(" %s p50 %.1f p90 %.1f p99 %.1f max %.1f (%d);", name, percentile(micros, 50),
                    percentile(micros, 90), percentile(micros, 99), micros.get(micros.size() - 1) / 1000.0,
                    micros.size()));
        });
        System.out.println(line.substring(0, line.length() - 1));
    }

    private static double percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }

    private static List<String[]> keys(String file) throws Exception {
        List<String[]> keys = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(file))) {
            if (!line.isBlank()) {
                keys.add(line.trim().split(" "));
            }
        }
        return keys;
    }
}
