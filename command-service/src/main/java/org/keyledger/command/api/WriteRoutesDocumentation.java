package org.keyledger.command.api;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command service's part of the OpenAPI document: /v3/api-docs/writes (the front door routes it here). */
@Configuration(proxyBeanMethods = false)
class WriteRoutesDocumentation {

    @Bean
    GroupedOpenApi writeRoutes() {
        return GroupedOpenApi.builder().group("writes").displayName("write routes (command service)")
                .packagesToScan(WriteRoutesDocumentation.class.getPackageName()).pathsToMatch("/v1/**").build();
    }
}
