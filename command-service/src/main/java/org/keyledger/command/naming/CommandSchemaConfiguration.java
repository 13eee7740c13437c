package org.keyledger.command.naming;

import org.keyledger.platform.schema.LedgerSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandSchemaConfiguration {

    /** The command side's tables, migrated after the event store's. */
    @Bean
    LedgerSchema commandSchema() {
        return new LedgerSchema("command", "classpath:db/ledger/command", 10);
    }
}
