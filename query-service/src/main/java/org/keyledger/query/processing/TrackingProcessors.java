package org.keyledger.query.processing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;

import java.util.concurrent.TimeUnit;

/**
 * Makes the query side's event processors (the projection, the Kafka publisher), all alike: a tracking processor
 * with its token in PostgreSQL and one segment, so that of several query services one processes and another takes
 * over when its claim lapses. Tracking rather
 * than pooled: its thread blocks on the event store until events arrive, so a woken store (WakeableEventStore) hands
 * a new event over at once, where the pooled coordinator polls every 500 ms. A failing event stops the processor,
 * which retries it with back-off: nothing is ever skipped (Axon's default for a handler's exception is to log it
 * and move on).
 */
public final class TrackingProcessors {

    private TrackingProcessors() {
    }

    /** The processor of {@code processingGroup}: tracking, one segment, stopping on a failing event. */
    public static ConfigurerModule strict(String processingGroup, int batchSize) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(processingGroup,
                        org.axonframework.config.Configuration::eventStore,
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize)
                                .andInitialSegmentsCount(1)
                                // an idle instance takes over a released claim within a second, not five
                                .andTokenClaimInterval(1, TimeUnit.SECONDS))
                .registerListenerInvocationErrorHandler(processingGroup, config -> PropagatingErrorHandler.instance()));
    }
}
