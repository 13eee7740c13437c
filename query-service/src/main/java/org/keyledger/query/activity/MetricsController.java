package org.keyledger.query.activity;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/**
 * {@code GET /v1/metrics} (a ledger addition): the last hour of this query service per minute, what the console
 * charts. Prometheus ({@code /actuator/prometheus}) stays the place for the whole fleet and for longer spans.
 */
@RestController
@Tag(name = "Metrics", description = "a ledger addition to Clerk's API")
class MetricsController {

    record Metrics(@JsonProperty("interval_seconds") int intervalSeconds, List<RecentMetrics.Minute> minutes) {

        @JsonProperty("object")
        public String object() {
            return "metrics";
        }
    }

    private final RecentMetrics recent;

    MetricsController(RecentMetrics recent) {
        this.recent = recent;
    }

    @Operation(summary = "The last hour, per minute", description = "Sixty minutes, the current one last: "
            + "verifies by outcome (valid, invalid, rejected, unavailable) and the highest projection lag, both "
            + "null for minutes before this query service started; the ledger's events by type (created, updated, "
            + "revoked, deleted).")
    @GetMapping(path = "/v1/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    Metrics lastHour() {
        return new Metrics(60, recent.lastHour());
    }

    @Configuration(proxyBeanMethods = false)
    static class RecentMetricsConfiguration {

        @Bean
        RecentMetrics recentMetrics(MeterRegistry meters, JdbcClient jdbc, Clock clock) {
            return new RecentMetrics(meters, jdbc, clock);
        }
    }
}
