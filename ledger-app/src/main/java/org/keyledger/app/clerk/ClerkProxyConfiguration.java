package org.keyledger.app.clerk;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Local mode's {@code /__clerk/} proxy, ahead of the ledger's own request filter (no instance key asked there). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClerkProxyProperties.class)
class ClerkProxyConfiguration {

    @Bean
    FilterRegistrationBean<ClerkFrontendApiProxy> clerkFrontendApiProxy(ClerkProxyProperties properties,
                                                                        JsonMapper jsonMapper) {
        var registration = new FilterRegistrationBean<>(new ClerkFrontendApiProxy(properties, jsonMapper));
        registration.addUrlPatterns(ClerkFrontendApiProxy.PREFIX + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
