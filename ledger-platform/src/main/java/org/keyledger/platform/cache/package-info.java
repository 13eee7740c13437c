/**
 * Verify-cache coherence: how each query service may answer verify from memory ({@link
 * org.keyledger.platform.cache.VerifyCache}) and still reject a key the moment its revoke, update or delete returns.
 *
 * <p>The protocol, in three tables (migrations {@code db/ledger/cache}) and two notification channels:
 * <ol>
 *   <li>A write, after its command committed, bumps {@code ledger_cache_epoch}, records its key under the new epoch
 *       in {@code ledger_cache_eviction} and notifies
 *       {@value org.keyledger.platform.cache.CacheInvalidation#EPOCH_CHANNEL}, in one statement, committed without
 *       waiting for the WAL flush (why that is safe: CacheInvalidation's BUMP); it returns only once
 *       every query service whose lease in {@code ledger_query_instance} is current has acknowledged that epoch
 *       ({@link org.keyledger.platform.cache.CacheInvalidation}, called by the read-your-writes wait, which waits for
 *       the projection meanwhile: item 4 and Verifier's refusal of a row behind the event store make the order of the
 *       two waits irrelevant). A query service in the writer's own process evicts the key directly after the bump
 *       and is not waited for; it acknowledges anyway, for writers elsewhere.</li>
 *   <li>A query service acknowledges an epoch only after evicting the key of every epoch since the one it last
 *       acknowledged: it reads the epoch and those rows in one statement, evicts, then records the epoch in its row
 *       and notifies {@value org.keyledger.platform.cache.CacheInvalidation#ACK_CHANNEL}
 *       ({@link org.keyledger.platform.cache.CacheLease}). Where it cannot tell every key it empties its whole cache
 *       instead: a row missing (every 1000th epoch, rows older than ten minutes that every current lease has
 *       acknowledged are pruned), a row for every key (a null key), its first acknowledgement, or one after its
 *       listener reconnected.</li>
 *   <li>It answers from its cache only while its lease lasts, measured from before the renewal was sent, so never
 *       past the end writers see; and it renews (every quarter lease) only while it has acknowledged the current
 *       epoch. One that stops listening, is cut off or dies drops out of the writers' wait when its lease ends, by
 *       which time it no longer uses its cache: a write waits at most one lease ({@code ledger.verify.cache.lease})
 *       for a silent query service.</li>
 *   <li>A verify that read PostgreSQL before an eviction of its key and finishes after it cannot put what it read
 *       back into the cache, nor can a preload's row: each fill carries the generation and the count of evictions
 *       taken before its read, and the cache refuses one whose key was evicted since (or that is older than all the
 *       evictions it remembers, 4,096); one read before an emptying goes into a generation nobody reads.</li>
 * </ol>
 * A create needs none of this: only keys already verified are cached, and an unknown secret is never kept. Nor does a
 * write that recorded no event (revoking a revoked key, a PATCH that changes nothing) on a key whose last change is
 * older than the writers' longest wait, twice the lease: by then every query service has evicted the key since that
 * change or stopped using its cache ({@link org.keyledger.platform.cache.CacheInvalidation#settledSince}). One right
 * after a change still waits, as it may be racing that change's own wait.
 */
package org.keyledger.platform.cache;
