package org.keyledger.platform.session;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;
import java.util.List;

/** Session tokens on the user-scoped routes (LedgerRequestFilter asks the {@link SessionGate}). */
@AutoConfiguration
@EnableConfigurationProperties(SessionProperties.class)
public class SessionAutoConfiguration {

    @Bean
    SessionTokens sessionTokens(SessionProperties properties, Clock clock) {
        return new SessionTokens(properties, clock);
    }

    @Bean
    SessionGate sessionGate(SessionTokens tokens, SessionProperties properties) {
        return new SessionGate(tokens, properties);
    }

    @Bean
    WebMvcConfigurer sessionArgumentResolver() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new SessionArgumentResolver());
            }
        };
    }
}
