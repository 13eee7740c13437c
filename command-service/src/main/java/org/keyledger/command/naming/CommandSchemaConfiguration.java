package org.keyledger.command.naming;

import org.keyledger.platform.schema.LedgerSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandSchemaConfiguration {

    /** The command side's tables. */
    @Bean
    LedgerSchema commandSchema() {
        return new LedgerSchema("command", LedgerSchema.Order.COMMAND, "classpath:db/ledger/command");
    }
}
