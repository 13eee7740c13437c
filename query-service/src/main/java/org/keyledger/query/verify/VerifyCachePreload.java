package org.keyledger.query.verify;

import org.keyledger.platform.RepeatingWork;
import org.keyledger.platform.cache.VerifyCache;
import org.keyledger.query.keys.ApiKeyView;
import org.keyledger.query.keys.ApiKeyViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Fills the verify cache with the whole active key set ({@code ledger.verify.cache.preload}), so that verify over a
 * key population much larger than the keys verified in any ttl still needs no PostgreSQL round trip. It loads at
 * start and after each emptying, by pages of the primary key, each row only if no event of its key is waiting for
 * the projection ({@link Verifier}'s rule) and, like a verify's fill, only if its key was not evicted since the
 * page's read began (a write during the load); an emptying drops the load with its generation (the coherence
 * protocol is unchanged, org.keyledger.platform.cache). It waits for one quiet tick after an emptying, and runs only
 * while the cache answers and the query model is current.
 */
class VerifyCachePreload extends RepeatingWork {

    private static final Logger log = LoggerFactory.getLogger(VerifyCachePreload.class);
    private static final int PAGE = 5000;
    private static final String PAGE_QUERY = "select " + ApiKeyViews.COLUMNS + " from " + ApiKeyViews.FROM
            + " where v.id > ? and not v.deleted and not v.revoked and (v.expiration is null or v.expiration > ?)"
            + " and v.last_sequence >= coalesce((select max(e.sequence_number) from domain_event_entry e"
            + " where e.aggregate_identifier = v.id), -1)"
            + " order by v.id limit " + PAGE;

    private final JdbcClient jdbc;
    private final ApiKeyViews views;
    private final VerifyCache<ApiKeyView> cache;
    private final ProjectionLag lag;
    private final Clock clock;
    // weakly: an emptied generation must go, with its keys (a million of them, it may be)
    private WeakReference<VerifyCache.Generation<ApiKeyView>> seen = new WeakReference<>(null);
    private WeakReference<VerifyCache.Generation<ApiKeyView>> loaded = new WeakReference<>(null);

    VerifyCachePreload(JdbcClient jdbc, ApiKeyViews views, VerifyCache<ApiKeyView> cache, ProjectionLag lag,
                       Clock clock) {
        super("verify-cache-preload", Duration.ofSeconds(1));
        this.jdbc = jdbc;
        this.views = views;
        this.cache = cache;
        this.lag = lag;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        VerifyCache.Generation<ApiKeyView> generation = cache.generation();
        if (generation == loaded.get()) {
            return;
        }
        if (generation != seen.get()) {
            seen = new WeakReference<>(generation);
            return;
        }
        if (!cache.answering() || !lag.withinBound()) {
            return;
        }
        long started = System.nanoTime();
        int keys = 0;
        int stale = 0;
        String after = "";
        while (true) {
            VerifyCache.Reading<ApiKeyView> reading = cache.reading(); // before the page's read, as a verify's
            if (reading.generation() != generation) {
                return; // emptied meanwhile: loaded again after a quiet tick
            }
            List<ApiKeyView> page = jdbc.sql(PAGE_QUERY).params(after, clock.millis()).query(views::row).list();
            for (ApiKeyView key : page) {
                switch (cache.preload(reading, key.secretSha256(), Verifier.cached(key))) {
                    case KEPT -> keys++;
                    case STALE -> stale++; // changed while the page was read: left to the next verify of it
                    case NO_ROOM -> {
                        log.info("Preloaded {} keys into the verify cache, then stopped: {}", keys,
                                cache.answering() ? "it is full (ledger.verify.cache.capacity)" : "its lease lapsed");
                        loaded = new WeakReference<>(generation);
                        return;
                    }
                }
            }
            if (page.size() < PAGE) {
                loaded = new WeakReference<>(generation);
                log.info("Preloaded {} active keys into the verify cache in {} ms ({} changed meanwhile, left out)",
                        keys, (System.nanoTime() - started) / 1_000_000, stale);
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }
}
