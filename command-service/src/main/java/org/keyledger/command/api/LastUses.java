package org.keyledger.command.api;

import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When a key was last used, for a write's answer to equal what GET returns right after it: uses are not events
 * (they travel through Kafka into the query side's {@code api_key_usage}), so the aggregate does not know them.
 */
@Component
class LastUses {

    private final JdbcClient jdbc;

    LastUses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Long of(ApiKeyId id) {
        try {
            return jdbc.sql("select last_used_at from api_key_usage where api_key_id = ?").param(id.value())
                    .query(Long.class).optional().orElse(null);
        } catch (BadSqlGrammarException noQuerySide) {
            return null; // no query service has created its tables in this database: no use was ever recorded
        }
    }
}
