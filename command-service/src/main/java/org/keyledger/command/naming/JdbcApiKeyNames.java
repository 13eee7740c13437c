package org.keyledger.command.naming;

import org.keyledger.command.apikey.ApiKeyNames;
import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link ApiKeyNames} in PostgreSQL (a new key's name is claimed with its other claims, by {@link JdbcArrivalClaims}).
 * The primary key (subject, name) decides races: of two transactions claiming the same name, the second waits for the
 * first and then finds the name taken.
 */
@Component
class JdbcApiKeyNames implements ApiKeyNames {

    private final JdbcClient jdbc;

    JdbcApiKeyNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean claim(String subject, String name, ApiKeyId id) {
        return jdbc.sql("""
                        insert into api_key_name (subject, name, api_key_id) values (?, ?, ?)
                        on conflict (subject, name) do nothing""")
                .params(subject, name, id.value())
                .update() == 1;
    }

    @Override
    public void release(String subject, String name, ApiKeyId id) {
        jdbc.sql("delete from api_key_name where subject = ? and name = ? and api_key_id = ?")
                .params(subject, name, id.value())
                .update();
    }
}
