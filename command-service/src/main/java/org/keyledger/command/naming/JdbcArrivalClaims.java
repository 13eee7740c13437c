package org.keyledger.command.naming;

import org.keyledger.command.apikey.ArrivalClaims;
import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link ArrivalClaims} in PostgreSQL: each method one statement over arrays, however many keys arrive together. The
 * primary keys decide races with concurrent arrivals: of two transactions claiming the same name or hash, the second
 * waits for the first and then finds it taken.
 */
@Component
class JdbcArrivalClaims implements ArrivalClaims {

    /**
     * Hashes, names and data keys in one round trip. The claims insert in the order given ({@code with ordinality}),
     * so the first of two equal claims wins; a data key is stored only for a key that got both of its claims.
     */
    private static final String CLAIM = """
            with arriving as (
                select * from unnest(?::varchar[], ?::char(64)[], ?::varchar[], ?::varchar[], ?::bytea[])
                    with ordinality as a (id, sha256, subject, name, wrapped_key, n)),
            secrets as (
                insert into api_key_secret_hash (sha256, api_key_id)
                select sha256, id from arriving order by n
                on conflict (sha256) do nothing
                returning api_key_id),
            names as (
                insert into api_key_name (subject, name, api_key_id)
                select subject, name, id from arriving order by n
                on conflict (subject, name) do nothing
                returning api_key_id),
            data_keys as (
                insert into api_key_data_key (api_key_id, wrapped_key)
                select id, wrapped_key from arriving
                where wrapped_key is not null
                  and id in (select api_key_id from secrets) and id in (select api_key_id from names))
            select 's', api_key_id from secrets union all select 'n', api_key_id from names""";

    private final JdbcClient jdbc;

    JdbcArrivalClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<ApiKeyId> existing(Collection<ApiKeyId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<ApiKeyId> found = new HashSet<>();
        jdbc.sql("""
                        select distinct aggregate_identifier from domain_event_entry
                        where aggregate_identifier = any(?) and sequence_number = 0""")
                .param(values(ids)).query(String.class).list().forEach(id -> found.add(ApiKeyId.of(id)));
        return found;
    }

    @Override
    public Claimed claim(List<Claim> claims) {
        Set<ApiKeyId> secrets = new HashSet<>();
        Set<ApiKeyId> names = new HashSet<>();
        if (claims.isEmpty()) {
            return new Claimed(secrets, names);
        }
        jdbc.sql(CLAIM)
                .params(values(claims.stream().map(Claim::id).toList()),
                        claims.stream().map(Claim::sha256).toArray(String[]::new),
                        claims.stream().map(Claim::subject).toArray(String[]::new),
                        claims.stream().map(Claim::name).toArray(String[]::new),
                        claims.stream().map(Claim::wrappedDataKey).toArray(byte[][]::new))
                .query((rs, n) -> (rs.getString(1).equals("s") ? secrets : names).add(ApiKeyId.of(rs.getString(2))))
                .list();
        return new Claimed(secrets, names);
    }

    @Override
    public void release(Collection<Claim> claims) {
        jdbc.sql("""
                        with released as (
                            select * from unnest(?::varchar[], ?::char(64)[], ?::varchar[], ?::varchar[])
                                as r (id, sha256, subject, name)),
                        names as (delete from api_key_name n using released r
                                  where n.subject = r.subject and n.name = r.name and n.api_key_id = r.id)
                        delete from api_key_secret_hash h using released r
                        where h.sha256 = r.sha256 and h.api_key_id = r.id""")
                .params(values(claims.stream().map(Claim::id).toList()),
                        claims.stream().map(Claim::sha256).toArray(String[]::new),
                        claims.stream().map(Claim::subject).toArray(String[]::new),
                        claims.stream().map(Claim::name).toArray(String[]::new))
                .update();
    }

    private static String[] values(Collection<ApiKeyId> ids) {
        return ids.stream().map(ApiKeyId::value).toArray(String[]::new);
    }
}
