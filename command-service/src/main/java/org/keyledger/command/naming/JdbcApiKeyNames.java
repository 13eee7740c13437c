package org.keyledger.command.naming;

import org.keyledger.command.apikey.ApiKeyNames;
import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link ApiKeyNames} in PostgreSQL (and, for a new key, the claim on its secret's hash of
 * {@link JdbcImportClaims}). The primary key (subject, name) decides races: of two transactions claiming
 * the same name, the second waits for the first and then finds the name taken.
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

    /**
     * Both claims in one statement, one round trip; a name taken fails the command, whose rollback takes the hash
     * back. A hash taken is a collision of random secrets of 238 bits: it fails the command, it never happens.
     */
    @Override
    public boolean claimNew(String subject, String name, ApiKeyId id, String secretSha256) {
        return jdbc.sql("""
                        with secret as (insert into api_key_secret_hash (sha256, api_key_id) values (?, ?))
                        insert into api_key_name (subject, name, api_key_id) values (?, ?, ?)
                        on conflict (subject, name) do nothing""")
                .params(secretSha256, id.value(), subject, name, id.value())
                .update() == 1;
    }

    @Override
    public void release(String subject, ApiKeyId id) {
        jdbc.sql("delete from api_key_name where subject = ? and api_key_id = ?")
                .params(subject, id.value())
                .update();
    }
}
