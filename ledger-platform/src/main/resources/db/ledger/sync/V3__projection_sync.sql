-- Wake-ups across processes. Every append notifies 'ledger_events' (delivered at commit), so a query service in
-- another process fetches new events at once instead of on its next poll.
create function ledger_notify_events() returns trigger language plpgsql as $$
begin
    perform pg_notify('ledger_events', '');
    return null;
end;
$$;

create trigger domain_event_entry_notify
    after insert on domain_event_entry
    for each statement execute function ledger_notify_events();

-- How far the query side's projection has applied each key's events (the aggregate sequence number), written in
-- the projection's transaction. A write route waits until its key's position reaches the event it appended, so
-- that when the write returns every read (and verify) already reflects it.
create table api_key_projection_position (
    api_key_id varchar(35) not null primary key,
    sequence   bigint      not null
);
