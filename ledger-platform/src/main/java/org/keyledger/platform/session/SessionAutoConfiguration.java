package org.keyledger.platform.session;

import org.keyledger.platform.LedgerProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

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
}
