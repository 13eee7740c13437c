package org.keyledger.platform.secret;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;

@AutoConfiguration
public class SecretAutoConfiguration {

    @Bean
    MasterKey masterKey(@Value("${ledger.master-key:}") String configured,
                        @Value("${ledger.data-dir:./data}") String dataDir) {
        return MasterKey.configuredOrLocal(configured, Path.of(dataDir, "master.key"));
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
