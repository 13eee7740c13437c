package org.keyledger.platform.session;

import org.keyledger.platform.LedgerProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;
import java.util.List;

/** Session tokens on the user-scoped routes (LedgerRequestFilter asks the {@link SessionGate}). */
@AutoConfiguration
public class SessionAutoConfiguration {

    @Bean
    SessionTokens sessionTokens(LedgerProperties settings, Clock clock) {
        return new SessionTokens(settings.session(), clock);
    }

    @Bean
    SessionGate sessionGate(SessionTokens tokens, LedgerProperties settings) {
        return new SessionGate(tokens, settings.session());
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
