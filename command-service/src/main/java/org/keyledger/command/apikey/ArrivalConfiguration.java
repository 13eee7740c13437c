package org.keyledger.command.apikey;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.keyledger.platform.LedgerProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * The command handlers by which keys come into the ledger, over the event store and the aggregate's own repository
 * (looked up late: Axon builds them).
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
}
