-- The secret hashes of imported keys: a secret belongs to one key for ever (a deleted key keeps its hash, as does its
-- tombstone in the query model), and an import names the secret it brings. A secret the ledger issues is random and
-- cannot collide. Written in the import's transaction (see ApiKeyImporter, JdbcImportClaims).
create table api_key_secret_hash (
    sha256     char(64)    not null primary key,
    api_key_id varchar(35) not null
);

create index api_key_secret_hash_by_key on api_key_secret_hash (api_key_id);
