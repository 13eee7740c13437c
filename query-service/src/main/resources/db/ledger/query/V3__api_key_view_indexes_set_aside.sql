-- The secondary indexes of api_key_view a rebuild has dropped while it loads the model from the event store, and
-- builds again once it has replayed every event (BulkReplay): PostgreSQL's advice for loading a table. Kept here, in
-- the reset's transaction, so that a rebuild interrupted by a crash still builds them, and from their definitions as
-- the migrations made them.
create table api_key_view_index_set_aside (
    name       varchar(63) not null primary key,
    definition text        not null
);
