package org.keyledger.command.apikey;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.keyledger.platform.LedgerProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * The command handlers by which keys come into the ledger, over the event store and the aggregate's own repository
 * (looked up late: Axon builds them); and how that repository makes the aggregate's instances.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class ArrivalConfiguration {

    @Bean
    ApiKeyCreator apiKeyCreator(ObjectProvider<Configuration> axon, ArrivalClaims claims, Clock clock) {
        return new ApiKeyCreator(claims, () -> axon.getObject().eventStore(), clock);
    }

    @Bean
    CreateBatcher createBatcher(CommandGateway commands, LedgerProperties settings, MeterRegistry meters) {
        return new CreateBatcher(commands, settings.create().groupSize(), settings.create().workers(), meters);
    }

    @Bean
    ApiKeyImporter apiKeyImporter(ObjectProvider<Configuration> axon, ArrivalClaims claims, Clock clock) {
        return new ApiKeyImporter(() -> axon.getObject().repository(ApiKey.class),
                () -> axon.getObject().eventStore(), claims, clock);
    }

    /**
     * Each load of a key makes its {@link ApiKey} with its constructor (Axon finds this factory by its bean's name)
     * instead of Axon's default for Spring, a prototype bean created through the whole application context
     * (post-processors and all), which took a fifth of a load's time in a profile of revokes. The aggregate has
     * nothing for Spring to inject: its handlers take what they need as parameters. No snapshot to start from: the
     * ledger takes none (LedgerEventStorageEngine).
     */
    @Bean
    AggregateFactory<ApiKey> apiKeyAggregateFactory() {
        return new AggregateFactory<>() {
            @Override
            public ApiKey createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
                return new ApiKey();
            }

            @Override
            public Class<ApiKey> getAggregateType() {
                return ApiKey.class;
            }
        };
    }
}
