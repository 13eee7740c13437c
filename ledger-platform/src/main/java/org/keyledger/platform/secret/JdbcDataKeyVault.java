package org.keyledger.platform.secret;

import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;

/** The vault in PostgreSQL ({@code api_key_data_key}). */
public class JdbcDataKeyVault implements DataKeyVault {

    private final JdbcClient jdbc;

    public JdbcDataKeyVault(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<byte[]> find(ApiKeyId id) {
        return jdbc.sql("select wrapped_key from api_key_data_key where api_key_id = ?")
                .param(id.value())
                .query(byte[].class)
                .optional();
    }

    @Override
    public void destroy(ApiKeyId id) {
        jdbc.sql("delete from api_key_data_key where api_key_id = ?").param(id.value()).update();
    }
}
