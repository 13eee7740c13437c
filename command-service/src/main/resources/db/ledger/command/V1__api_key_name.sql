-- The command side's own lookup table for the one rule that spans keys: a name is unique per subject among keys
-- that are not deleted. Written in the same transaction as the key's events (see ApiKey, JdbcApiKeyNames).
create table api_key_name (
    subject    varchar(64)  not null,
    name       varchar(255) not null,
    api_key_id varchar(35)  not null,
    primary key (subject, name)
);

create index api_key_name_by_key on api_key_name (api_key_id);
