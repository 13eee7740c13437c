package org.keyledger.platform.web;

import org.keyledger.platform.LedgerProperties;
import org.keyledger.platform.RequestMetadata;
import org.keyledger.platform.session.Session;
import org.keyledger.platform.session.SessionGate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** The HTTP conventions every ledger service shares: auth, request ids, metadata, the Clerk error envelope. */
@AutoConfiguration
@Import(ClerkErrorAdvice.class)
public class WebAutoConfiguration {

    @Bean
    InstanceKeys instanceKeys(LedgerProperties settings) {
        return InstanceKeys.fromConfiguration(settings.secretKeys());
    }

    @Bean
    FilterRegistrationBean<LedgerRequestFilter> ledgerRequestFilter(InstanceKeys keys, JsonMapper jsonMapper,
                                                                    SessionGate sessions) {
        var registration = new FilterRegistrationBean<>(new LedgerRequestFilter(keys, jsonMapper, sessions));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    WebMvcConfigurer requestAttributeResolvers() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new RequestAttributeArgumentResolver(RequestMetadata.class,
                        LedgerRequestFilter.METADATA_ATTRIBUTE, true));
                resolvers.add(new RequestAttributeArgumentResolver(Session.class, SessionGate.SESSION_ATTRIBUTE,
                        false));
            }
        };
    }
}
