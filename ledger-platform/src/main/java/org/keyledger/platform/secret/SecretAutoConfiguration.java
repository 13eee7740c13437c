package org.keyledger.platform.secret;

import org.keyledger.platform.LedgerProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;

@AutoConfiguration
public class SecretAutoConfiguration {

    @Bean
    MasterKey masterKey(LedgerProperties settings) {
        return MasterKey.configuredOrLocal(settings.masterKey(), Path.of(settings.dataDir(), "master.key"));
    }

    @Bean
    SecretSealer secretSealer(MasterKey masterKey) {
        return new SecretSealer(masterKey);
    }

    @Bean
    DataKeyVault dataKeyVault(JdbcClient jdbcClient) {
        return new JdbcDataKeyVault(jdbcClient);
    }
}
