package org.keyledger.command.naming;

import org.keyledger.command.apikey.ImportClaims;
import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ImportClaims} in PostgreSQL: each method one statement over arrays, however many keys the import holds. The
 * primary keys decide races with concurrent creates and imports, as in {@link JdbcApiKeyNames}.
 */
@Component
class JdbcImportClaims implements ImportClaims {

    private final JdbcClient jdbc;

    JdbcImportClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<ApiKeyId> existing(Collection<ApiKeyId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return ids(jdbc.sql("""
                        select distinct aggregate_identifier from domain_event_entry
                        where aggregate_identifier = any(?) and sequence_number = 0""")
                .param(values(ids)).query(String.class).list());
    }

    @Override
    public Set<ApiKeyId> claimNames(List<Name> names) {
        if (names.isEmpty()) {
            return Set.of();
        }
        return ids(jdbc.sql("""
                        insert into api_key_name (subject, name, api_key_id)
                        select * from unnest(?::varchar[], ?::varchar[], ?::varchar[])
                        on conflict (subject, name) do nothing
                        returning api_key_id""")
                .params(names.stream().map(Name::subject).toArray(String[]::new),
                        names.stream().map(Name::name).toArray(String[]::new),
                        values(names.stream().map(Name::id).toList()))
                .query(String.class).list());
    }

    @Override
    public Set<ApiKeyId> claimSecrets(List<Secret> secrets) {
        if (secrets.isEmpty()) {
            return Set.of();
        }
        return ids(jdbc.sql("""
                        insert into api_key_secret_hash (sha256, api_key_id)
                        select * from unnest(?::char(64)[], ?::varchar[])
                        on conflict (sha256) do nothing
                        returning api_key_id""")
                .params(secrets.stream().map(Secret::sha256).toArray(String[]::new),
                        values(secrets.stream().map(Secret::id).toList()))
                .query(String.class).list());
    }

    @Override
    public void release(Collection<ApiKeyId> ids) {
        String[] values = values(ids);
        jdbc.sql("delete from api_key_name where api_key_id = any(?)").param(values).update();
        jdbc.sql("delete from api_key_secret_hash where api_key_id = any(?)").param(values).update();
    }

    @Override
    public void storeDataKeys(Map<ApiKeyId, byte[]> wrappedKeys) {
        if (wrappedKeys.isEmpty()) {
            return;
        }
        var entries = List.copyOf(wrappedKeys.entrySet());
        jdbc.sql("""
                        insert into api_key_data_key (api_key_id, wrapped_key)
                        select * from unnest(?::varchar[], ?::bytea[])""")
                .params(values(entries.stream().map(Map.Entry::getKey).toList()),
                        entries.stream().map(Map.Entry::getValue).toArray(byte[][]::new))
                .update();
    }

    private static String[] values(Collection<ApiKeyId> ids) {
        return ids.stream().map(ApiKeyId::value).toArray(String[]::new);
    }

    private static Set<ApiKeyId> ids(List<String> values) {
        Set<ApiKeyId> ids = new HashSet<>();
        values.forEach(v -> ids.add(ApiKeyId.of(v)));
        return ids;
    }
}
