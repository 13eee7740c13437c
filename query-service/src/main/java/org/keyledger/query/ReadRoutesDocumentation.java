package org.keyledger.query;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query service's part of the OpenAPI document: /v3/api-docs/reads (list, get, secret, verify, audit trail). */
@Configuration(proxyBeanMethods = false)
class ReadRoutesDocumentation {

    @Bean
    GroupedOpenApi readRoutes() {
        return GroupedOpenApi.builder().group("reads").displayName("read routes (query service)")
                .packagesToScan(ReadRoutesDocumentation.class.getPackageName()).pathsToMatch("/v1/**")
                .pathsToExclude("/v1/bench/**").build();
    }
}
