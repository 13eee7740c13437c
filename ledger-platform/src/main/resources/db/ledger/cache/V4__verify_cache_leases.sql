-- Coherence of the query services' verify caches (see CacheInvalidation and the query service's VerifyCache).
-- A write bumps the epoch (notifying 'ledger_cache_epoch') and returns only once every query service whose lease is
-- current has acknowledged it, that is has emptied its cache after the write committed. A query service answers from
-- its cache only while its lease lasts, and renews the lease only when it has acknowledged the current epoch, so one
-- that stops listening falls out of the writers' wait when its lease ends, and stops using its cache by then.
create table ledger_cache_epoch (
    id    smallint not null primary key check (id = 1),
    epoch bigint   not null
);
insert into ledger_cache_epoch (id, epoch) values (1, 0);

create table ledger_query_instance (
    instance_id varchar(64)              not null primary key,
    lease_until timestamp with time zone not null,
    acked_epoch bigint                   not null
);
