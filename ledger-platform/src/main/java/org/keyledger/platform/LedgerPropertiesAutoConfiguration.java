package org.keyledger.platform;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds and checks {@link LedgerProperties} in every ledger service. */
@AutoConfiguration
@EnableConfigurationProperties(LedgerProperties.class)
public class LedgerPropertiesAutoConfiguration {
}
