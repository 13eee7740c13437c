package org.keyledger.query.usage;

import org.keyledger.platform.DaemonThreads;
import org.keyledger.messages.ApiKeyUsed;
import org.keyledger.messages.LedgerTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the buffered uses to {@link LedgerTopics#USAGE} (key = API key id) off the request threads, every
 * {@code interval}. A use whose send fails, at once or when the broker does not acknowledge it, goes back into the
 * buffer and is sent again on a later flush: Kafka being down costs no verify anything. Nothing is sent before the
 * topics are ready ({@link org.keyledger.query.kafka.KafkaConnectivity#topicsReady()}).
 */
public class UsageFlusher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageFlusher.class);

    private final UsageBuffer buffer;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration interval;
    private final BooleanSupplier topicsReady;
    private ScheduledExecutorService flusher;
    private volatile boolean failing;

    public UsageFlusher(UsageBuffer buffer, KafkaTemplate<String, String> kafka, JsonMapper json, Duration interval,
                        BooleanSupplier topicsReady) {
        this.buffer = buffer;
        this.kafka = kafka;
        this.json = json;
        this.interval = interval;
        this.topicsReady = topicsReady;
    }

    void flush() {
        if (!topicsReady.getAsBoolean()) {
            return;
        }
        boolean brokerAway = false;
        for (Map.Entry<String, Long> use : buffer.drain().entrySet()) {
            if (brokerAway) {
                buffer.record(use.getKey(), use.getValue());
                continue;
            }
            try {
                String message = json.writeValueAsString(new ApiKeyUsed(use.getKey(), use.getValue()));
                kafka.send(LedgerTopics.USAGE, use.getKey(), message).whenComplete((sent, failure) -> {
                    if (failure != null) {
                        failed(use.getKey(), use.getValue(), failure);
                    } else {
                        failing = false;
                    }
                });
            } catch (RuntimeException e) { // no metadata within max.block.ms: the broker is away; keep the rest too
                failed(use.getKey(), use.getValue(), e);
                brokerAway = true;
            }
        }
    }

    private void failed(String apiKeyId, long at, Throwable failure) {
        buffer.record(apiKeyId, at);
        failing(failure);
    }

    private void failing(Throwable failure) {
        if (!failing) {
            failing = true;
            log.warn("Cannot send key usage to Kafka ({}); keeping it buffered and retrying", failure.getMessage());
        }
    }

    @Override
    public void start() {
        flusher = DaemonThreads.scheduler("usage-flusher");
        flusher.scheduleWithFixedDelay(() -> {
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("Usage flush failed: {}", e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On a clean shutdown, one last flush: only a crash loses the uses of the last interval. */
    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flush();
            kafka.flush();
        }
    }

    @Override
    public boolean isRunning() {
        return flusher != null && !flusher.isShutdown();
    }

    /** Stop before the Kafka producer and the web server's request threads wind down. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
