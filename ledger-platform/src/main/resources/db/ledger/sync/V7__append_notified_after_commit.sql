-- Appends are announced on 'ledger_events' after their commit, by the appending process (AppendNotifier), no longer
-- by a trigger in the appending transaction: PostgreSQL serialises the commits of notifying transactions, WAL flush
-- included, which let one append commit at a time.
drop trigger domain_event_entry_notify on domain_event_entry;
drop function ledger_notify_events();
