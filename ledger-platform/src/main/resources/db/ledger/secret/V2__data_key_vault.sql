-- Each key's secret is sealed in its ApiKeyCreated event under the key's own data key. The data key lives here,
-- wrapped by the operator's master key, and nowhere else: deleting the row shreds the secret everywhere,
-- event history included.
create table api_key_data_key (
    api_key_id  varchar(35) not null primary key,
    wrapped_key bytea       not null,
    created_at  timestamp(6) with time zone not null default now()
);
