-- Which key each epoch was for, so that a query service evicts just that key from its verify cache instead of
-- emptying it. A write inserts its epoch's row in the statement that bumps the epoch; a query service acknowledging
-- reads the rows after the epoch it last acknowledged. A null key means every key; a missing row (pruned, or an epoch
-- from before this table) empties the whole cache as before. Rows older than ten minutes that every current lease
-- has acknowledged are pruned now and then.
create table ledger_cache_eviction (
    epoch       bigint                   not null primary key,
    api_key_id  varchar(35),
    recorded_at timestamp with time zone not null default now()
);
