package org.keyledger.command.apikey;

import org.axonframework.config.Configuration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class ImportConfiguration {

    /**
     * The bulk import's command handler, over the aggregate's own repository and the event store (looked up late:
     * Axon builds them).
     */
    @Bean
    ApiKeyImporter apiKeyImporter(ObjectProvider<Configuration> axon, ImportClaims claims, Clock clock) {
        return new ApiKeyImporter(() -> axon.getObject().repository(ApiKey.class),
                () -> axon.getObject().eventStore(), claims, clock);
    }
}
