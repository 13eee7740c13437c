-- The global index is the sequence's next value, taken by the insert itself (Axon's JDBC event store names no index
-- column): an append needs no round trip of its own for it, and a unit of work's events go in one batch. The
-- sequence still steps by one (V1), and belongs to the column.
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;
