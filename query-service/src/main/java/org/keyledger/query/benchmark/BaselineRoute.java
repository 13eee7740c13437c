package org.keyledger.query.benchmark;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * For benchmarks only, never in production: the verify benchmark's baseline (bench/verify-benchmark.sh), a route of
 * the same server, behind the same filters and JSON handling as verify, that does no work. Present only with
 * {@code ledger.benchmark.bare-route=true}.
 */
@RestController
@ConditionalOnProperty("ledger.benchmark.bare-route")
public class BaselineRoute {

    public static final String PATH = "/v1/bench/bare";

    private static final Map<String, Object> ANSWER = Map.of("object", "bare", "ok", true);

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> bare(@RequestBody(required = false) JsonNode body) {
        return ANSWER;
    }
}
