package org.keyledger.platform;

import org.axonframework.springboot.updates.UpdateCheckConfiguration;
import org.axonframework.updates.configuration.UsagePropertyProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's update checker must never call out. Axon skips it in test environments, so this checks the mechanism
 * instead: the ledger's defaults, bound the way Spring Boot binds them, make Axon's own provider chain say
 * "disabled" (the Spring property outranks the environment and Axon's property file).
 */
class UpdateCheckerTest {

    @Test
    void theLedgersDefaultsDisableAxonsUpdateChecker() {
        StandardEnvironment environment = new StandardEnvironment();
        new LedgerDefaults().postProcessEnvironment(environment, null);
        UpdateCheckConfiguration configuration = Binder.get(environment)
                .bind("axon.update-check", UpdateCheckConfiguration.class).get();

        assertThat(UsagePropertyProvider.create(configuration).getDisabled()).isTrue();
    }
}
