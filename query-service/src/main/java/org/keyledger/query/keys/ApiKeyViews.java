package org.keyledger.query.keys;

import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads of the query model; deleted keys are never returned. */
@Repository
public class ApiKeyViews {

    public static final String COLUMNS = """
            v.id, v.type, v.name, v.subject, v.description, v.claims, v.scopes, v.created_by, v.expiration,
            v.created_at, v.updated_at, v.revoked, v.revocation_reason, v.deleted, u.last_used_at, v.secret_sha256,
            v.secret_ciphertext""";
    /** The view, with last_used_at from the usage pipeline beside it. */
    public static final String FROM = "api_key_view v left join api_key_usage u on u.api_key_id = v.id";
    /** ApiKeyObject.isActive in SQL, for the rows of {@link #FROM} at {@code :now}. */
    static final String ACTIVE = "not v.revoked and (v.expiration is null or v.expiration > :now)";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ApiKeyViews(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record Page(List<ApiKeyView> keys, long totalCount) {
    }

    /**
     * @param includeInvalid also revoked and expired keys
     * @param nameQuery      case-insensitive substring of the name, or null
     */
    public Page list(String subject, boolean includeInvalid, String nameQuery, int limit, int offset, long now) {
        StringBuilder where = new StringBuilder("v.subject = :subject and not v.deleted");
        if (!includeInvalid) {
            where.append(" and ").append(ACTIVE);
        }
        if (nameQuery != null && !nameQuery.isEmpty()) {
            where.append(" and v.name ilike :pattern escape '\\'");
        }
        String pattern = nameQuery == null ? null
                : "%" + nameQuery.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<ApiKeyView> keys = jdbc.sql("select " + COLUMNS + " from " + FROM + " where " + where
                        + " order by v.created_at desc, v.id desc limit :limit offset :offset")
                .param("subject", subject).param("now", now).param("pattern", pattern)
                .param("limit", limit).param("offset", offset)
                .query(this::row).list();
        long total = jdbc.sql("select count(*) from api_key_view v where " + where)
                .param("subject", subject).param("now", now).param("pattern", pattern)
                .query(Long.class).single();
        return new Page(keys, total);
    }

    public Optional<ApiKeyView> find(ApiKeyId id) {
        return jdbc.sql("select " + COLUMNS + " from " + FROM + " where v.id = ? and not v.deleted")
                .param(id.value()).query(this::row).optional();
    }

    public ApiKeyView row(ResultSet rs, int rowNum) throws SQLException {
        String claims = rs.getString("claims");
        return new ApiKeyView(rs.getString("id"), rs.getString("type"), rs.getString("name"),
                rs.getString("subject"), rs.getString("description"),
                claims == null ? null : new RawValue(claims), // as stored: ApiKeyView
                json.readValue(rs.getString("scopes"), STRINGS), rs.getString("created_by"),
                rs.getObject("expiration", Long.class), rs.getLong("created_at"), rs.getLong("updated_at"),
                rs.getBoolean("revoked"), rs.getString("revocation_reason"), rs.getBoolean("deleted"),
                rs.getObject("last_used_at", Long.class), rs.getString("secret_sha256"),
                rs.getString("secret_ciphertext"));
    }
}
