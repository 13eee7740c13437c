package org.keyledger.query.publishing;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.keyledger.events.ApiKeyEvent;
import org.keyledger.events.EventDescription;
import org.keyledger.messages.LedgerCloudEvent;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.platform.LedgerProperties;
import org.keyledger.platform.RequestMetadata;
import org.keyledger.query.kafka.KafkaConnectivity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every ledger event to {@link LedgerTopics#EVENTS} (key = API key id, so one key's events stay in order)
 * as a CloudEvent. The events of a batch are sent at once and their acknowledgements awaited together before the
 * batch commits, and the processor's token moves past a batch only in that commit: delivery is at least once, and a
 * restart re-sends at most the batch that was not yet acknowledged, under the same CloudEvent ids. Until the topics
 * are ready ({@link KafkaConnectivity#topicsReady()}) a batch waits for them as for an acknowledgement, then fails, and
 * the processor retries it later.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.GROUP)
class KafkaEventPublisher {

    static final String GROUP = "ledger-events-kafka";
    private static final String SENT = KafkaEventPublisher.class.getName() + ".sent";

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration acknowledgement;
    private final KafkaConnectivity connectivity;

    KafkaEventPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, LedgerProperties settings,
                        KafkaConnectivity connectivity) {
        this.kafka = kafka;
        this.connectivity = connectivity;
        this.json = json;
        this.acknowledgement = settings.kafka().publishTimeout();
    }

    /** One handler for every event: each is published alike, under its own type. */
    @EventHandler
    void on(ApiKeyEvent event, EventMessage<?> message)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (!connectivity.awaitTopicsReady(acknowledgement)) {
            throw new IllegalStateException("Kafka's topics are not created yet; the batch is retried later");
        }
        String apiKeyId = event.id().value();
        EventDescription description = event.describe();
        RequestMetadata who = RequestMetadata.from(message.getMetaData());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("api_key_id", apiKeyId);
        data.putAll(description.data());
        data.put("changed", description.changed());
        data.put("actor", who.actor());
        data.put("session_id", who.sessionId());
        data.put("organization_id", who.organizationId());
        data.put("request_id", who.requestId());
        LedgerCloudEvent cloudEvent = LedgerCloudEvent.of(message.getIdentifier(),
                "ledger." + description.type() + ".v1", apiKeyId, message.getTimestamp().toString(), data);
        CompletableFuture<?> sent = kafka.send(LedgerTopics.EVENTS, apiKeyId, json.writeValueAsString(cloudEvent));
        if (!CurrentUnitOfWork.isStarted()) {
            sent.get(acknowledgement.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.getOrComputeResource(SENT, k -> {
            List<CompletableFuture<?>> all = new ArrayList<>();
            batch.onPrepareCommit(u -> acknowledged(all));
            return all;
        }).add(sent);
    }

    /** Fails the batch (which the processor then retries) unless the broker acknowledged every send in time. */
    private void acknowledged(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(acknowledgement.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while awaiting Kafka's acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch's events", e);
        }
    }
}
