/**
 * Verify-cache coherence: how each query service may answer verify from memory ({@link
 * org.keyledger.platform.cache.VerifyCache}) and still reject a key the moment its revoke, update or delete returns.
 *
 * <p>The protocol, in two tables (migration {@code db/ledger/cache}) and two notification channels:
 * <ol>
 *   <li>A write, after its command committed, bumps {@code ledger_cache_epoch} and notifies
 *       {@value org.keyledger.platform.cache.CacheInvalidation#EPOCH_CHANNEL}; it returns only once every query
 *       service whose lease in {@code ledger_query_instance} is current has acknowledged that epoch
 *       ({@link org.keyledger.platform.cache.CacheInvalidation}, called by the read-your-writes wait, which waits for
 *       the projection meanwhile: item 4 and Verifier's refusal of a row behind the event store make the order of the
 *       two waits irrelevant). A query service in the writer's own process is emptied directly after the bump and
 *       not waited for; it acknowledges anyway, for writers elsewhere.</li>
 *   <li>A query service acknowledges an epoch only after emptying its cache: it reads the epoch, clears, then records
 *       the epoch in its row and notifies {@value org.keyledger.platform.cache.CacheInvalidation#ACK_CHANNEL}
 *       ({@link org.keyledger.platform.cache.CacheLease}).</li>
 *   <li>It answers from its cache only while its lease lasts, measured from before the renewal was sent, so never
 *       past the end writers see; and it renews (every quarter lease) only while it has acknowledged the current
 *       epoch. One that stops listening, is cut off or dies drops out of the writers' wait when its lease ends, by
 *       which time it no longer uses its cache: a write waits at most one lease ({@code ledger.verify.cache.lease})
 *       for a silent query service.</li>
 *   <li>A verify that read PostgreSQL before a write and finishes after it cannot refill the cache: entries go into
 *       the generation that was current when it began, which emptying replaced.</li>
 * </ol>
 * A create needs none of this: only keys already verified are cached, and an unknown secret is never kept. Nor does a
 * write that recorded no event (revoking a revoked key, a PATCH that changes nothing) on a key whose last change is
 * older than the writers' longest wait, twice the lease: by then every query service has emptied its cache since
 * that change or stopped using it ({@link org.keyledger.platform.cache.CacheInvalidation#settledSince}). One right
 * after a change still waits, as it may be racing that change's own wait.
 */
package org.keyledger.platform.cache;
