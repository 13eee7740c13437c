package org.keyledger.query.verify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.keyledger.platform.cache.VerifyCache;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.query.keys.ApiKeyView;
import org.keyledger.query.keys.ApiKeyViews;
import org.keyledger.query.usage.UsageBuffer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The hot path: is this secret an active key right now? Reads only. A malformed secret, or one in the ledger's format
 * with a bad checksum, is refused before any lookup (a secret of another issuer, imported, is looked up by its hash).
 * A key verified a moment ago, active or not (revoked, expired, deleted), is answered from the {@link VerifyCache},
 * from which every write evicts its key (on every query service) before it returns (org.keyledger.platform.cache).
 * Otherwise one query finds the key by hash and also reads the key's latest sequence number in the event store, so
 * a key with an event the projection has not applied yet (a revoke that just returned, say) is never answered from
 * the stale row: revocation takes effect with no window at all. A success is recorded as a use, in memory only:
 * nothing is written to PostgreSQL on this path.
 */
@Component
public class Verifier {

    private static final String FIND = "select " + ApiKeyViews.COLUMNS + ", v.last_sequence, "
            + "(select max(e.sequence_number) from domain_event_entry e where e.aggregate_identifier = v.id) as latest"
            + " from " + ApiKeyViews.FROM
            + " where v.secret_sha256 = ?";

    private final JdbcClient jdbc;
    private final ApiKeyViews views;
    private final ProjectionLag lag;
    private final UsageBuffer usage;
    private final VerifyCache<ApiKeyView> cache;
    private final Counter hits;
    private final Counter misses;

    Verifier(JdbcClient jdbc, ApiKeyViews views, ProjectionLag lag, UsageBuffer usage, VerifyCache<ApiKeyView> cache,
             MeterRegistry meters) {
        this.jdbc = jdbc;
        this.views = views;
        this.lag = lag;
        this.usage = usage;
        this.cache = cache;
        this.hits = lookups(meters, "hit");
        this.misses = lookups(meters, "miss");
    }

    /** A miss is any lookup that went to PostgreSQL, an unknown secret's included. */
    private static Counter lookups(MeterRegistry meters, String result) {
        return Counter.builder("ledger.verify.cache.lookups")
                .description("verify lookups of a well-formed secret, answered from the verify cache (hit) or not")
                .tag("result", result)
                .register(meters);
    }

    private record Found(ApiKeyView key, long applied, long latest) {
    }

    /** @return the active key whose secret this is; empty for unknown, malformed, revoked or expired */
    public Optional<ApiKeyView> verify(String secret, long now) {
        if (!SecretFormat.isVerifiable(secret)) {
            return Optional.empty();
        }
        if (!lag.withinBound()) {
            throw LedgerException.unavailable("The ledger's read model is catching up; retry shortly.");
        }
        String hash = SecretFormat.sha256(secret);
        ApiKeyView cached = cache.get(hash);
        if (cached != null) {
            hits.increment();
            return answer(cached, hash, now);
        }
        misses.increment();
        var reading = cache.reading();
        long readAt = System.nanoTime();
        Optional<Found> found = jdbc.sql(FIND).param(hash)
                .query((rs, n) -> new Found(views.row(rs, n), rs.getLong("last_sequence"), rs.getLong("latest")))
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Found row = found.get();
        if (row.latest() > row.applied()) {
            throw LedgerException.unavailable("This API key changed a moment ago; retry shortly.");
        }
        // a revoked, expired or deleted key too: revocation and deletion are final, so a leaked key retried by whoever
        // holds it costs no query; any change to the key (an update of its expiration, a delete) evicts it as ever
        cache.put(reading, hash, cached(row.key()), readAt);
        return answer(row.key(), hash, now);
    }

    /**
     * What the cache keeps of a key: all but its sealed secret, which verify never answers with, in fewer objects. A
     * preload keeps every active key (a million, it may be) for as long as it runs, so what most keys share is kept
     * once: the type and the scope names (interned), the scope list immutable and exactly sized, and the creator
     * when it is the subject (a user's own key). BENCHMARKS.md, "Heap per cached key".
     */
    static ApiKeyView cached(ApiKeyView key) {
        String subject = key.subject();
        String createdBy = subject != null && subject.equals(key.createdBy()) ? subject : key.createdBy();
        List<String> scopes = List.of(key.scopes().stream().map(String::intern).toArray(String[]::new));
        return new ApiKeyView(key.id(), key.type().intern(), key.name(), subject, key.description(), key.claims(),
                scopes, createdBy, key.expiration(), key.createdAt(), key.updatedAt(), key.revoked(),
                key.revocationReason(), key.deleted(), key.lastUsedAt(), key.secretSha256(), null);
    }

    private Optional<ApiKeyView> answer(ApiKeyView key, String hash, long now) {
        boolean sameHash = MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                key.secretSha256().getBytes(StandardCharsets.US_ASCII));
        if (!sameHash || !key.activeAt(now)) {
            return Optional.empty();
        }
        usage.record(key.id(), now); // in memory; sent to Kafka off this thread (see UsageFlusher)
        return Optional.of(key);
    }
}
