-- last_used_at comes from the usage pipeline (Kafka), not from events: it lives beside the projected view, so a
-- replay of the projection rebuilds the view without forgetting when keys were last used.
alter table api_key_view drop column last_used_at;

create table api_key_usage (
    api_key_id   varchar(35) not null primary key,
    last_used_at bigint      not null
);
