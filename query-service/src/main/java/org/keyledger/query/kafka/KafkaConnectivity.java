package org.keyledger.query.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.keyledger.platform.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kafka as the query service sees it, off the start-up path: a background probe every few seconds (one admin client,
 * short timeouts) that creates the ledger's topics once Kafka first answers (Spring's own creation at start-up would
 * block start-up while Kafka is away), shows Kafka in health as {@code DEGRADED} while it is away (verify, reads and
 * readiness do not need it: uses wait in memory, the publisher resumes from its token), counts failed probes
 * ({@code ledger_kafka_unreachable_total}) and warns at most once per {@link #WARN_EVERY_MILLIS}, in place of the Kafka
 * clients' own reconnect warnings, which are turned down.
 * <p>
 * Nothing is sent to Kafka before {@link #topicsReady()}: a send to a topic that does not exist yet has the broker
 * create it with its default partition count (one), and the probe would then add the rest, moving keys to other
 * partitions (one key's events out of order for a subscriber) and out of sight of a consumer assigned before they
 * came, until its next metadata refresh, minutes later.
 */
public class KafkaConnectivity implements HealthIndicator, SmartLifecycle {

    public static final Status DEGRADED = new Status("DEGRADED");
    static final long PROBE_EVERY_MILLIS = 5_000;
    static final long WARN_EVERY_MILLIS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(KafkaConnectivity.class);

    private final KafkaAdmin kafkaAdmin;
    private final Counter unreachable;
    private volatile boolean reachable;
    /** Counted down once the topics exist as configured: {@link #topicsReady()}, and what a sender can wait on. */
    private final CountDownLatch topicsCreated = new CountDownLatch(1);
    private volatile String lastError = "not probed yet";
    private long lastWarnMillis = -WARN_EVERY_MILLIS;
    private Admin admin;
    private ScheduledExecutorService worker;

    public KafkaConnectivity(KafkaAdmin kafkaAdmin, MeterRegistry registry) {
        this.kafkaAdmin = kafkaAdmin;
        this.unreachable = Counter.builder("ledger.kafka.unreachable")
                .description("probes of Kafka that found it unreachable (about one per 5 s while it is away)")
                .register(registry);
        Gauge.builder("ledger.kafka.reachable", this, k -> k.reachable ? 1 : 0)
                .description("1 while Kafka answers, 0 while it is away").register(registry);
    }

    /** Whether the ledger's topics exist as configured (ledger.kafka.*), so that sending to them is safe. */
    public boolean topicsReady() {
        return topicsCreated.getCount() == 0;
    }

    /** Waits up to {@code timeout} for {@link #topicsReady()}: just after start-up, the first probe's work. */
    public boolean awaitTopicsReady(Duration timeout) throws InterruptedException {
        return topicsCreated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Health health() {
        return reachable ? Health.up().withDetail("topics", topicsReady() ? "ready" : "pending").build()
                : Health.status(DEGRADED).withDetail("error", lastError).build();
    }

    @Override
    public void start() {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        admin = Admin.create(config);
        worker = DaemonThreads.scheduler("kafka-probe");
        worker.scheduleWithFixedDelay(this::probe, 0, PROBE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    void probe() {
        try {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            if (!reachable) {
                log.info("Kafka is reachable");
            }
            reachable = true;
            if (!topicsReady() && kafkaAdmin.initialize()) {
                topicsCreated.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            reachable = false;
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            unreachable.increment();
            long now = System.currentTimeMillis();
            if (now - lastWarnMillis >= WARN_EVERY_MILLIS) {
                lastWarnMillis = now;
                log.warn("Kafka is unreachable ({}); uses wait in memory and events are published once it is back",
                        lastError);
            }
        }
    }

    @Override
    public void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null && !worker.isShutdown();
    }
}
