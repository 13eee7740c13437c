-- The query model: one row per key, projected from the event store by ApiKeyProjection. Deleted keys stay as
-- tombstones (deleted = true, secret ciphertext cleared) so that the projection stays idempotent per key.
create table api_key_view (
    id                varchar(35)  not null primary key,
    type              varchar(32)  not null,
    name              varchar(255) not null,
    subject           varchar(64)  not null,
    description       varchar(255),
    claims            text,                  -- the caller's JSON, kept as sent
    scopes            text         not null, -- JSON array of strings
    created_by        varchar(64),
    expiration        bigint,                -- unix ms, null = never
    created_at        bigint       not null,
    updated_at        bigint       not null,
    revoked           boolean      not null default false,
    revocation_reason text,
    deleted           boolean      not null default false,
    secret_sha256     char(64)     not null,
    secret_ciphertext text,
    last_used_at      bigint,
    last_sequence     bigint       not null  -- aggregate sequence of the last applied event: replays change nothing
);

-- verify: one index probe by the presented secret's hash
create unique index api_key_view_by_secret on api_key_view (secret_sha256);
-- list: a subject's keys, newest first
create index api_key_view_by_subject on api_key_view (subject, created_at desc, id desc) where not deleted;

-- How far the projection has read the event store (global index), for the lag check that makes verify fail closed.
create table projection_checkpoint (
    processor_name varchar(255) not null primary key,
    position       bigint       not null
);
