-- A claim is freed by what it claims (subject and name, hash), which the freeing side always knows, so the indexes
-- by key id, one more random-place index entry a claim for every arriving key, are not needed.
drop index api_key_name_by_key;
drop index api_key_secret_hash_by_key;
